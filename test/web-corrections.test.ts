// A correction in the page: the county voids a health check recorded in error
// on the official's record; the confirmation names what it does (the recall
// case it opened closes as opened in error); the voided row stays, struck
// through, with its reason. A township sees the void control only on what it
// recorded itself. Debian's Chromium on the real API app, a real worker on the
// shared Temporal dev server and a fresh PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from './support/api.js';
import {
  checkAccessibility,
  scriptErrors,
  shoot,
  signInAs,
  SLOW,
  useBrowser,
} from './support/browser.js';
import { termSteps } from './support/term-steps.js';

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
const { onDuty } = termSteps(() => api);
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

describe('a correction in the page', () => {
  it('lets the county void a health check recorded in error, naming the case it closes', async () => {
    const p = await onDuty({ name: '韦丽华' });
    const base = `/api/officials/${p.officialId}`;
    const trained = await api.post(`${base}/trainings`, 'twp-fucheng', {
      kind: 'county',
      title: '乡村振兴政策培训班',
    });
    expect(trained.status).toBe(200);
    const checked = await api.post(`${base}/health-checks`, 'org-wuming', {
      fit: false,
      note: '血压过高',
    });
    expect(checked.status).toBe(200);
    const caseId: string = checked.body.caseId;

    // The township may void the training it recorded, not the county's health check.
    const township = await browse();
    await signInAs(township, 'twp-fucheng');
    await township.goto(`/officials/${p.officialId}`);
    await township.getByRole('heading', { level: 2, name: '已登记事项' }).waitFor();
    expect(await township.locator('li[data-fact="y1-t1"] details.void').count()).toBe(1);
    expect(await township.locator('li[data-fact="y1-h1"] details.void').count()).toBe(0);

    const county = await browse();
    await signInAs(county, 'org-wuming');
    await county.goto(`/officials/${p.officialId}`);
    await county.getByRole('heading', { level: 2, name: '已登记事项' }).waitFor();
    const row = county.locator('li[data-fact="y1-h1"]');
    expect(await row.textContent()).toContain('血压过高');
    await row.locator('summary', { hasText: '作废' }).click();
    await row.getByLabel('作废理由').fill('体检报告属另一名干部，录入错误');
    await row.getByRole('button', { name: /^作废体检/ }).click();
    const confirm = county.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(`调整案件 ${caseId} 将以“误开”结案`);
    await checkAccessibility(county);
    await shoot(county, 'official-void-confirm');
    await confirm.getByRole('button', { name: '确认办理' }).click();
    await expect.poll(() => county.locator('#flash').textContent(), SLOW).toContain('已办理');

    // The row stays, struck through, with the reason; the case closed as opened in error.
    const voided = county.locator('li[data-fact="y1-h1"]');
    await expect.poll(() => voided.getAttribute('class'), SLOW).toContain('voided');
    expect(await voided.locator('del').textContent()).toContain('血压过高');
    expect(await voided.textContent()).toContain('已作废：体检报告属另一名干部，录入错误');
    expect(await voided.locator('details.void').count()).toBe(0);
    expect(await county.locator('#timeline').textContent()).toContain(
      `调整案件 ${caseId} 以误开结案`,
    );
    expect(await county.locator('#cases-h + ul').textContent()).toContain('已结案');
    await shoot(county, 'official-fact-voided');
    expect(scriptErrors(county)).toEqual([]);
    expect(scriptErrors(township)).toEqual([]);

    // The record says the same.
    const record = await api.get(base, 'org-wuming');
    expect(record.body.cases[0]).toMatchObject({ status: 'closed', outcome: 'opened_in_error' });
  });

  it('lets the county correct a health check recorded unfit to fit in one step', async () => {
    const p = await onDuty({ name: '覃志强' });
    const base = `/api/officials/${p.officialId}`;
    const checked = await api.post(`${base}/health-checks`, 'org-wuming', {
      fit: false,
      note: '血压过高',
    });
    expect(checked.status).toBe(200);
    const caseId: string = checked.body.caseId;

    const county = await browse();
    await signInAs(county, 'org-wuming');
    await county.goto(`/officials/${p.officialId}`);
    await county.getByRole('heading', { level: 2, name: '已登记事项' }).waitFor();
    // The pre-dispatch training is a recorded fact too (y0-t1), named as such.
    expect(await county.locator('li[data-fact="y0-t1"]').textContent()).toContain('岗前培训');
    const row = county.locator('li[data-fact="y1-h1"]');
    await row.locator('summary', { hasText: '更正' }).click();
    await row.getByLabel('正确结论').selectOption('yes');
    await row.getByLabel('正确的备注').fill('复查合格');
    await row.getByLabel('更正理由').fill('体检结论录反，复查报告为合格');
    await row.getByRole('button', { name: /^更正体检/ }).click();
    const confirm = county.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('原记录作废并保留');
    await checkAccessibility(county);
    await confirm.getByRole('button', { name: '确认办理' }).click();
    await expect.poll(() => county.locator('#flash').textContent(), SLOW).toContain('已办理');

    // The original struck through, naming its replacement; the replacement naming what it corrects.
    const original = county.locator('li[data-fact="y1-h1"]');
    await expect.poll(() => original.getAttribute('class'), SLOW).toContain('voided');
    expect(await original.textContent()).toContain('已更正为y1-h2：体检结论录反，复查报告为合格');
    const replacement = county.locator('li[data-fact="y1-h2"]');
    expect(await replacement.textContent()).toContain('合格：复查合格');
    expect(await replacement.textContent()).toContain('更正y1-h1');
    expect(await county.locator('#timeline').textContent()).toContain(
      `调整案件 ${caseId} 以误开结案`,
    );
    await shoot(county, 'official-fact-corrected');
    expect(scriptErrors(county)).toEqual([]);
    const record = await api.get(base, 'org-wuming');
    expect(record.body.cases[0]).toMatchObject({ status: 'closed', outcome: 'opened_in_error' });
  });
});
