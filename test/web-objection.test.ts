// A screening body's objection in the page: the county reads it and asks the
// body a follow-up question (ending the nomination is offered, with a second
// step naming what it ends), and the body withdraws its objection; the
// county's dispatch approval then opens. Debian's Chromium (headless, driven by
// playwright-core) on the real API app, a real worker on the shared Temporal
// dev server and a fresh PostgreSQL database, as in web.test.ts.
//
// Screenshots go to test-results/screenshots/; with UPDATE_SCREENSHOTS=1 they
// replace the ones in docs/screenshots/ that README.md shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidate, startApi, type ApiHarness } from './support/api.js';
import {
  checkAccessibility,
  scriptErrors,
  shoot,
  signInAs,
  SLOW,
  useBrowser,
} from './support/browser.js';
import { termSteps } from './support/term-steps.js';

// The functions given to page.evaluate run in the browser (see web.test.ts).
declare const document: any;

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
const { taskIn, decide } = termSteps(() => api);
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// ---- the test ------------------------------------------------------------------

describe('an objection in the page: the bodies advise, the county decides', () => {
  it('lets the county ask the objecting body a follow-up question, and the body withdraw its objection', async () => {
    const p = candidate({ name: '黄海燕', dispatchingUnit: '南宁市农业农村局' });
    expect((await api.post('/api/nominations', 'du-nanning', p)).status).toBe(201);
    for (const body of ['disc-wuming', 'pet-wuming'])
      await decide(body, (await taskIn(body, p.officialId, 'vetting_reply')).id, {
        decision: 'approve',
        comment: '未发现问题',
      });
    await decide('pol-wuming', (await taskIn('pol-wuming', p.officialId, 'vetting_reply')).id, {
      decision: 'reject',
      comment: '有未结治安案件（2026-114）',
    });

    // The county reads the objection and its reasons on its task.
    const decideTask = await taskIn('org-wuming', p.officialId, 'decide_objection');
    const county = await browse();
    await signInAs(county, 'org-wuming');
    await county.goto(`/tasks/${decideTask.id}`);
    await county.getByRole('heading', { level: 1, name: /研究审查机关异议/ }).waitFor();
    expect(await county.locator('#objection-facts').textContent()).toContain(
      '有未结治安案件（2026-114）',
    );
    expect(await county.locator('#objection-facts').textContent()).toContain('公安');
    // Its two decisions, and no approval.
    const buttons = county.locator('form[aria-describedby="decision-status"] > .buttons button');
    expect(await buttons.allTextContents()).toEqual(['发函追问', '终止提名']);
    // No reason: the page says so and sends nothing.
    await county.getByRole('button', { name: '发函追问' }).click();
    await expect
      .poll(() => county.locator('#decision-status').textContent(), SLOW)
      .toContain('请写明理由');
    // Ending the nomination asks a second time, naming what it ends; cancelled here.
    await county.getByLabel('意见').fill('该案件是否已结案？请说明处理结果。');
    await county.getByRole('button', { name: '终止提名' }).click();
    const confirm = county.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('终止提名后不能撤回');
    await shoot(county, 'task-objection-end-confirm');
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(
      (await api.get(`/api/tasks/${decideTask.id}`, 'org-wuming')).body.closedAt,
    ).toBeUndefined();
    await checkAccessibility(county);
    await shoot(county, 'task-objection-county');
    await county.getByRole('button', { name: '发函追问' }).click();
    await county.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    await expect.poll(() => county.locator('#flash').textContent(), SLOW).toContain('发函追问');
    expect(scriptErrors(county)).toEqual([]);

    // The body gets a new numbered request with the county's question.
    const followUp = await taskIn('pol-wuming', p.officialId, 'objection_follow_up_reply');
    expect(followUp.requestNo).toMatch(/^R-/);
    const police = await browse();
    await signInAs(police, 'pol-wuming');
    await police.goto(`/tasks/${followUp.id}`);
    await police.getByRole('heading', { level: 1, name: /答复异议追问函/ }).waitFor();
    const asked = await police.locator('#objection-facts').textContent();
    expect(asked).toContain('该案件是否已结案？请说明处理结果。');
    expect(asked).toContain('有未结治安案件（2026-114）');
    await police.getByLabel('意见').fill('该案件已于 2026 年 3 月撤销，不再持异议。');
    await checkAccessibility(police);
    await shoot(police, 'task-objection-follow-up');
    await police.getByRole('button', { name: '撤回异议' }).click();
    await police.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    await expect.poll(() => police.locator('#flash').textContent(), SLOW).toContain('撤回异议');
    expect(scriptErrors(police)).toEqual([]);

    // Every body approved or withdrew: the county's dispatch approval opens.
    await taskIn('org-wuming', p.officialId, 'approve_dispatch');
    const record = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    expect(record.body.official.stage).toBe('awaiting_dispatch_approval');
    const timeline = JSON.stringify(record.body.timeline);
    expect(timeline).toContain('该案件是否已结案？请说明处理结果。');
    expect(timeline).toContain('该案件已于 2026 年 3 月撤销，不再持异议。');
  });
});
