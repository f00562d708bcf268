// Chinese mode is Chinese: an official's record (timeline details, stage
// reasons, obligations), a candidate whose nomination ended with its open
// requests cancelled, a task (record title, assignee) and a refusal, read in
// Debian's Chromium on the real API app, worker, Temporal dev server and
// PostgreSQL (the setup of test/web.test.ts). What remains of the main
// content's visible text once ids are taken out holds no Latin word; and each
// person has one name.
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from './support/api.js';
import { scriptErrors, signInAs, SLOW, useBrowser } from './support/browser.js';
import { termSteps } from './support/term-steps.js';

// Browser globals for the functions page.evaluate runs (the project has no DOM lib).
declare const document: any;

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// ---- what a reader meets: the main content's words ---------------------------

/**
 * Ids the page shows as they are: officials (off-1a2b3c4d), terms, tasks and
 * cases (term-off-….t3, ….c1), request numbers (R-off-…-4), policy versions
 * (gx-2025.1). Everything else is words.
 */
const ID_PATTERNS = [
  /\bR-off-[0-9a-f]{8}-\d+\b/g,
  /\b(?:term-)?off-[0-9a-f]{8}(?:\.[tc]\d+)?\b/g,
  /\bgx-\d+(?:\.\d+)*\b/g,
];

/** The Latin words left in the visible text of the main element once ids are taken out. */
async function latinWords(page: Page): Promise<string[]> {
  await page.locator('#main:not([aria-busy])').waitFor();
  const text: string = await page.evaluate(() => document.querySelector('#main').innerText);
  let rest = text;
  for (const pattern of ID_PATTERNS) rest = rest.replace(pattern, ' ');
  return [...new Set(rest.match(/[A-Za-z]{3,}/g) ?? [])];
}

/** Shows every timeline entry, so that the check reads them all. */
async function showWholeTimeline(page: Page) {
  const more = page.getByRole('button', { name: /显示全部 \d+ 条记录/ });
  if (await more.count()) await more.click();
}

// ---- the other bodies, through the API ---------------------------------------

const { taskIn, decide, nominate, onDuty } = termSteps(() => api);

describe('Chinese mode is Chinese', () => {
  it('words an official’s record, a candidate’s cancelled requests, a task and a refusal in Chinese, and names each person once', async () => {
    // An official on duty: a county training, an absence, a failed health check
    // (a case and its recall request), leave asked of the township.
    const official = await onDuty({ name: '覃海鹰', post: 'first_secretary' });
    const id = official.officialId;
    for (const [path, as, body] of [
      ['trainings', 'twp-fucheng', { kind: 'county', title: '县级培训：乡村产业发展' }],
      ['absences', 'twp-fucheng', { note: '周三抽查不在村' }],
      ['health-checks', 'org-wuming', { fit: false, note: '' }],
    ] as const) {
      const r = await api.post(`/api/officials/${id}/${path}`, as, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const recall = await taskIn('org-wuming', id, 'recall_reply');

    // A candidate whose dispatching unit asks to replace them during vetting:
    // approved, the nomination ends and the open vetting requests (the police's
    // among them) are cancelled, each on the timeline.
    const replaced = await nominate({ name: '廖春燕' });
    await decide(
      'disc-wuming',
      (await taskIn('disc-wuming', replaced.officialId, 'vetting_reply')).id,
      {
        decision: 'approve',
        comment: '未发现问题',
      },
    );
    const adjust = await api.post(`/api/officials/${replaced.officialId}/requests`, 'du-nanning', {
      matter: 'adjustment',
      reasons: '本人因家庭原因申请调整',
    });
    expect(adjust.status, JSON.stringify(adjust.body)).toBe(200);
    await decide(
      'org-wuming',
      (await taskIn('org-wuming', replaced.officialId, 'adjustment_reply')).id,
      { decision: 'approve', comment: '同意调整人选' },
    );
    const record = await api.eventually(
      'the cancelled requests on record',
      () => api.get(`/api/officials/${replaced.officialId}`, 'org-wuming'),
      (r) => r.body.official.stage === 'withdrawn',
    );
    const cancelled = record.body.timeline.filter(
      (e: { action: string }) => e.action === 'request_cancelled',
    );
    expect(cancelled.map((e: { params: { body: string } }) => e.params.body).sort()).toEqual([
      'petition',
      'police',
    ]);
    expect(cancelled[0].params).toMatchObject({ because: 'candidate_replaced' });

    const page = await browse();
    await signInAs(page, 'org-wuming');

    // The official's record: every entry worded from its code, in Chinese.
    await page.goto(`/officials/${id}`);
    await page.getByRole('heading', { level: 1, name: /覃海鹰/ }).waitFor();
    await showWholeTimeline(page);
    const timeline = page.locator('ol.timeline');
    const timelineText = (await timeline.textContent())!;
    expect(timelineText).toContain(
      '提名覃海鹰任驻村第一书记（广西 › 南宁市 › 武鸣区 › 府城镇 › 联合村）',
    );
    expect(timelineText).toContain('六不派各条均未触及');
    expect(timelineText).toContain('向公安机关发出考察征求意见');
    expect(timelineText).toContain('各审查机关均无异议');
    expect(timelineText).toContain('第1个任期年度县级培训：县级培训：乡村产业发展');
    expect(timelineText).toContain('第1个任期年度体检：不合格，不宜驻村');
    expect(timelineText).toContain('因健康原因开启调整案件');
    expect(timelineText).toContain('体检不合格');
    expect(timelineText).not.toMatch(/passed the six|vetting rejected|screening passed/);
    // One name per person: the nominator and the county by their directory names.
    expect(timelineText).toContain('南宁市派出单位');
    expect(timelineText).toContain('武鸣区委组织部');
    expect(await page.locator('dl.facts').first().textContent()).toContain('南宁市派出单位');
    // The open recall request waits for the county, named as such, not by a place path.
    const openTasks = (await page.locator('section[aria-labelledby="open-h"]').textContent())!;
    expect(openTasks).toContain('武鸣区委组织部');
    expect(openTasks).not.toContain('›');
    expect(await latinWords(page)).toEqual([]);

    // The candidate replaced: the cancelled requests are on the timeline.
    await page.goto(`/officials/${replaced.officialId}`);
    await page.getByRole('heading', { level: 1, name: /廖春燕/ }).waitFor();
    await showWholeTimeline(page);
    const replacedText = (await page.locator('ol.timeline').textContent())!;
    expect(replacedText).toMatch(/考察征求意见 R-off-[0-9a-f]{8}-3（公安机关）已撤销，无需答复/);
    expect(replacedText).toContain('人选已调整');
    expect(replacedText).toContain('人选调整请示');
    expect(await latinWords(page)).toEqual([]);

    // Refusals in words: on the withdrawn candidate's ended term, and with the
    // stage in it on a candidate still in vetting.
    const refusalOf = async (what: string) => {
      const actions = page.locator('section.actions');
      await actions.locator('summary', { hasText: '登记抽查缺勤' }).click();
      await page.getByLabel('抽查情况').fill(what);
      await page.getByRole('button', { name: '登记抽查缺勤' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: '确认办理' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await latinWords(page)).toEqual([]);
      return { status: await alert.getAttribute('data-status'), text: await alert.textContent() };
    };
    expect(await refusalOf('周四抽查不在村')).toEqual({
      status: '409',
      text: expect.stringContaining('此任期已结束，只能查看档案。'),
    });
    const vetting = await nominate({ name: '卢秋菊' });
    await page.goto(`/officials/${vetting.officialId}`);
    await page.getByRole('heading', { level: 1, name: /卢秋菊/ }).waitFor();
    expect(await refusalOf('周五抽查不在村')).toEqual({
      status: '409',
      text: expect.stringContaining('干部目前处于“审查中”阶段，不能办理此事项。'),
    });

    // The recall task: record title and assignee in words, the timeline below.
    await page.goto(`/tasks/${recall.id}`);
    await page.getByRole('heading', { level: 1, name: /答复召回请示/ }).waitFor();
    const taskFacts = (await page.locator('dl.facts').first().textContent())!;
    expect(taskFacts).toMatch(/召回请示 R-off-[0-9a-f]{8}-4：召回覃海鹰/);
    expect(taskFacts).toContain('武鸣区委组织部');
    expect(await latinWords(page)).toEqual([]);

    // A refusal: the recall is decided behind the page's back; the page says so in Chinese.
    await page.getByLabel('意见').fill('同意召回');
    await decide('org-wuming', recall.id, { decision: 'approve', comment: '同意因健康原因召回' });
    await page.getByRole('button', { name: '批准' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-status')).toBe('409');
    expect(await alert.textContent()).toContain('此事项已经办理，不能重复办理。');
    expect(await alert.textContent()).not.toMatch(/already|decided|task/);
    expect(await latinWords(page)).toEqual([]);

    // In English the same record reads in English, and 覃海鹰 is still 覃海鹰.
    await page.goto(`/officials/${id}`);
    await page.getByRole('heading', { level: 1, name: /覃海鹰/ }).waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: /覃海鹰/ }).waitFor();
    await expect
      .poll(() => page.locator('ol.timeline').textContent(), SLOW)
      .toContain('Reassignment case');
    const english = (await page.locator('ol.timeline').textContent())!;
    expect(english).toContain('覃海鹰 nominated as');
    expect(english).toContain('Wuming District Organization Department');
    expect(english).toContain('Health check, term year 1: not fit for village work');
    await page.getByRole('button', { name: '切换到中文' }).click();
    expect(page.scriptErrors).toEqual([]);
  });
});
