// One request, one reply, with reasons, as the page shows it: the county's
// reply form asks its reasons before it sends anything, and an official asks
// for their own recall from their own record. Debian's Chromium (headless,
// driven by playwright-core) on the real API app, a real worker on the shared
// Temporal dev server and a fresh PostgreSQL database; the other bodies act
// through the API.
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile } from '../domain/profile.js';
import { officialActor, startApi, type ApiHarness } from './support/api.js';
import {
  checkAccessibility,
  scriptErrors,
  shoot,
  signInAs,
  SLOW,
  useBrowser,
} from './support/browser.js';
import { termSteps } from './support/term-steps.js';

// The function given to page.evaluate runs in the browser (see web.test.ts).
declare const localStorage: { setItem(key: string, value: string): void };

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
const { taskIn, onDuty } = termSteps(() => api);
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

/** Signs the page in as an official who is not among the demo actors: their token, as sign-in keeps it. */
async function signInAsOfficial(page: Page, p: CandidateProfile) {
  const token = await api.token(officialActor(p));
  await page.goto('/');
  await page.evaluate(
    ([t, a]) => {
      localStorage.setItem('zhucun.token', t!);
      localStorage.setItem('zhucun.actor', a!);
    },
    [token, JSON.stringify(officialActor(p))],
  );
  await page.goto(`/officials/${p.officialId}`);
  await page.getByRole('heading', { level: 1, name: p.name }).waitFor();
}

describe('replies and requests on the page', () => {
  it('marks the reasons of a reply to a recall request required, and sends no approval without them', async () => {
    const p = await onDuty({ name: '黄振宇', village: 'gx/nanning/wuming/fucheng/xinmin' });
    const unfit = await api.post(`/api/officials/${p.officialId}/health-checks`, 'org-wuming', {
      fit: false,
      note: '体检不合格',
    });
    expect(unfit.status).toBe(200);
    const recall = await taskIn('org-wuming', p.officialId, 'recall_reply');

    const page = await browse();
    await signInAs(page, 'org-wuming');
    await page.goto(`/tasks/${recall.id}`);
    await page.getByRole('heading', { level: 1, name: /答复召回请示/ }).waitFor();
    const reasons = page.getByLabel('意见（必填）');
    expect(await reasons.getAttribute('aria-required')).toBe('true');
    expect(await page.locator('#decision-comment-hint').textContent()).toBe(
      '必须写明理由：答复请示，同意和驳回都须说明理由；理由载入干部档案。',
    );
    // No reasons: the page says so and sends nothing.
    await page.getByRole('button', { name: '批准' }).click();
    await expect
      .poll(() => page.locator('#decision-status').textContent(), SLOW)
      .toBe('请写明理由：驳回和对请示、考察征求意见的答复都须说明理由。');
    expect((await api.get(`/api/tasks/${recall.id}`, 'org-wuming')).body.closedAt).toBeUndefined();
    await checkAccessibility(page);
    // Too short for the policy: the API's refusal, in the page's words.
    await reasons.fill('可');
    await page.getByRole('button', { name: '批准' }).click();
    await expect
      .poll(() => page.locator('#decision-status').textContent(), SLOW)
      .toContain('请写明理由');
    expect((await api.get(`/api/tasks/${recall.id}`, 'org-wuming')).body.closedAt).toBeUndefined();

    await reasons.fill('体检不合格，同意召回');
    await page.getByRole('button', { name: '批准' }).click();
    await page.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    expect(await page.locator('#flash').textContent()).toContain('批准');
    const record = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    expect(record.body.cases[0]).toMatchObject({ status: 'awaiting_successor' });
    expect(JSON.stringify(record.body.timeline)).toContain('体检不合格，同意召回');
    expect(scriptErrors(page)).toEqual([]);
  });

  it('lets the official ask for their own recall from their own record, with reasons, after a second step', async () => {
    const p = await onDuty({ name: '蓝秀梅', village: 'gx/nanning/wuming/fucheng/tianxin' });
    const page = await browse();
    await signInAsOfficial(page, p);
    const form = page.locator('details[data-action="requestOwnRecall"]');
    await form.locator('summary').click();
    expect(await form.locator('summary').textContent()).toBe('申请召回本人');
    expect(await form.locator('#own-recall-reasons-hint').textContent()).toBe(
      '写明本人申请召回的理由，理由载入干部档案。',
    );
    await form.getByLabel('申请理由').fill('家中老人病重，需回原单位照顾');
    await form.getByRole('button', { name: '申请召回本人' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('送县委组织部答复');
    await shoot(page, 'own-recall-confirm');
    await confirm.getByRole('button', { name: '确认办理' }).click();
    await expect
      .poll(() => page.locator('#flash').textContent(), SLOW)
      .toContain('已办理：申请召回本人');
    await expect
      .poll(() => page.locator('#timeline').textContent(), SLOW)
      .toContain('因本人申请开启调整案件');
    await checkAccessibility(page);
    expect(scriptErrors(page)).toEqual([]);

    // The county has the recall request in its inbox; the case names the ground.
    const reply = await taskIn('org-wuming', p.officialId, 'recall_reply');
    const county = await browse();
    await signInAs(county, 'org-wuming');
    await county.goto(`/cases/${encodeURIComponent(String(reply.caseId))}`);
    await expect.poll(() => county.locator('main').textContent(), SLOW).toContain('本人申请');

    // Another official's record offers no such action to them (they cannot see it at all).
    const other = await onDuty({ name: '罗志明', village: 'gx/nanning/wuming/fucheng/pingan' });
    const theirs = await api.get(`/api/officials/${p.officialId}`, officialActor(other));
    expect(theirs.status).toBe(404);
  });

  it('tells the dispatching unit in its own words that a village has its first secretary', async () => {
    const village = 'gx/nanning/wuming/fucheng/qingyun';
    const lead = await onDuty({ name: '潘永红', post: 'first_secretary', village });
    const page = await browse();
    await signInAs(page, 'du-nanning');
    await page.getByRole('link', { name: '提名', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '提名驻村干部' }).waitFor();
    const id = `off-page-${Date.now().toString(36)}`;
    await page.getByLabel('干部编号').fill(id);
    await page.getByLabel('姓名').fill('莫志坚');
    await page.getByLabel('电子邮箱').fill(`${id}@zhucun.local`);
    await page.getByLabel('拟任职务').selectOption('first_secretary');
    await page.getByLabel('出生日期').fill('1987-03-09');
    await page.getByLabel('驻点村').fill(village);
    await page.getByLabel('派出单位').fill('南宁市农业农村局');
    await page.getByLabel('工作年限').fill('9');
    await page
      .getByLabel('最近一次体检日期')
      .fill(new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel('已签署本人意愿书').check();
    await page.getByRole('button', { name: '提交提名' }).click();
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.textContent(), SLOW)
      .toContain(
        '该村已有第一书记在岗或正在提名中：工作队由一名第一书记带队，只有注明所接替干部的继任提名才能再提名第一书记。',
      );
    expect((await api.get(`/api/officials/${id}`, 'du-nanning')).status).toBe(404);
    expect((await api.get(`/api/officials/${lead.officialId}`, 'du-nanning')).status).toBe(200);
    expect(scriptErrors(page)).toEqual([]);
  });
});
