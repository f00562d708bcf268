// The approvers' web page as a person meets it: Debian's Chromium (headless,
// driven by playwright-core) on the real API app, a real worker on the shared
// Temporal dev server and a fresh PostgreSQL database. Other bodies act through
// the API, as their own pages or systems would.
//
// Screenshots go to test-results/screenshots/; with UPDATE_SCREENSHOTS=1 they
// replace the ones in docs/screenshots/ that README.md shows.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { Actor } from '../domain/actors.js';
import { scaledPolicy } from '../domain/policy.js';
import type { CandidateProfile } from '../domain/profile.js';
import { candidate, officialActor, startApi, type ApiHarness } from './support/api.js';
import {
  checkAccessibility,
  scriptErrors,
  shoot,
  signInAs,
  SLOW,
  useBrowser,
} from './support/browser.js';

// The functions given to page.evaluate run in the browser. The project compiles
// for Node (no DOM lib, which would let DOM globals type-check in server code),
// so the few browser globals they use are declared here, for this file only.
declare const document: any;
declare const window: any;
declare const getComputedStyle: (el: any) => any;
type El = any;

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
/**
 * A second app on the same worker and database whose nominations run under
 * policy days of 100 ms: their deadlines pass within a second, so that the
 * inbox has overdue tasks and the worker sends real reminders.
 */
let fastUrl: string;
let fastServer: Server | undefined;
beforeAll(async () => {
  api = await startApi();
  const fast = createApp({
    config: api.config,
    client: api.client,
    pool: api.pool,
    taskQueue: api.taskQueue,
    policy: scaledPolicy(100),
  });
  fastServer = await new Promise<Server>((resolve) => {
    const s = fast.listen(0, '127.0.0.1', () => resolve(s));
  });
  fastUrl = `http://127.0.0.1:${(fastServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (fastServer) {
    fastServer.closeAllConnections();
    await new Promise((resolve) => fastServer!.close(resolve));
  }
  await api?.stop();
});

// ---- the browser: a fresh profile per test ------------------------------------

// ---- the other bodies, through the API ----------------------------------------

type As = string | Actor;
const SCREENING_BODIES = ['disc-wuming', 'pet-wuming', 'pol-wuming'];

/** A nomination on 100 ms policy days, vetted, whose approval is already overdue. */
async function overdueForCounty(overrides: Partial<CandidateProfile> = {}) {
  const late = await awaitingCounty(overrides, { fast: true });
  await api.eventually(
    'the approval overdue',
    () => api.get(`/api/tasks/${late.task.id}`, 'org-wuming'),
    (r) => r.body.overdue === true,
  );
  return late;
}

async function taskIn(as: As, officialId: string, kind: string) {
  const r = await api.eventually(
    `${kind} for ${officialId}`,
    () => api.get(`/api/inbox?kind=${kind}&limit=200`, as),
    (x) =>
      x.status === 200 &&
      x.body.items.some((t: { officialId: string }) => t.officialId === officialId),
  );
  return r.body.items.find((t: { officialId: string }) => t.officialId === officialId) as {
    id: string;
    dueAt: string;
  };
}

async function decide(
  as: As,
  taskId: string,
  body: Record<string, unknown> = { decision: 'approve', comment: 'ok' },
) {
  const r = await api.post(`/api/tasks/${encodeURIComponent(taskId)}/decision`, as, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Nominated by du-nanning and vetted by the three screening bodies: the county's approval is due. */
async function awaitingCounty(overrides: Partial<CandidateProfile> = {}, { fast = false } = {}) {
  const p = candidate({ dispatchingUnit: '南宁市农业农村局', ...overrides });
  const res = await fetch(`${fast ? fastUrl : api.baseUrl}/api/nominations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await api.token('du-nanning')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(p),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  for (const body of SCREENING_BODIES) {
    await decide(body, (await taskIn(body, p.officialId, 'vetting_reply')).id, {
      decision: 'approve',
      comment: '未发现问题',
    });
  }
  const task = await taskIn('org-wuming', p.officialId, 'approve_dispatch');
  return { p, task };
}

async function onDuty(overrides: Partial<CandidateProfile> = {}) {
  const { p, task } = await awaitingCounty(overrides);
  await decide('org-wuming', task.id, { decision: 'approve', comment: '同意派驻' });
  const r = await api.post(`/api/officials/${p.officialId}/trainings`, 'org-wuming', {
    kind: 'pre_dispatch',
    title: '岗前培训班（5 天）',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return p;
}

// ---- the tests ------------------------------------------------------------------

describe('the approvers’ web page', () => {
  it('lets the county approve a pending nomination: the task leaves the inbox and the official moves on', async () => {
    const late = await overdueForCounty({ name: '农秀英' });
    const { p, task } = await awaitingCounty({ name: '韦志强' });
    const page = await browse();
    await signInAs(page, 'org-wuming');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    // The inbox: both nominations wait, soonest deadline first, the late one marked.
    const row = page.locator(`tr[data-task-id="${task.id}"]`);
    const lateRow = page.locator(`tr[data-task-id="${late.task.id}"]`);
    await expect.poll(() => row.textContent()).toContain('审批选派');
    expect(await row.textContent()).toContain('韦志强');
    expect(await row.locator('.badge.overdue').count()).toBe(0);
    expect(await lateRow.locator('.badge.overdue').textContent()).toBe('已逾期');
    expect(await page.locator('#inbox-summary').textContent()).toMatch(/其中 [1-9]\d* 项已逾期/);
    const due = await page
      .locator('#inbox time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    expect(due).toEqual([...due].sort());
    expect(due.indexOf(late.task.dueAt)).toBeLessThan(due.indexOf(task.dueAt));
    await checkAccessibility(page);
    await shoot(page, 'inbox');

    // Filters: by kind keeps it, "overdue only" leaves it out. Each waits for
    // the filtered view (the previous one stays, busy, until its answer comes:
    // a filter chosen in it then is lost when it is replaced).
    await page.getByLabel('任务类型').selectOption('approve_dispatch');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/kind=approve_dispatch/);
    await page.locator('#main:not([aria-busy])').waitFor();
    await expect
      .poll(() => page.locator('#inbox tbody tr').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('韦志强')]));
    for (const text of await page.locator('#inbox tbody tr td:first-child').allTextContents())
      expect(text).toContain('审批选派');
    await page.getByLabel('期限').selectOption('true');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/overdue=true/);
    await page.locator('#main:not([aria-busy])').waitFor();
    await expect.poll(() => page.locator(`tr[data-task-id="${task.id}"]`).count()).toBe(0);
    expect(await lateRow.count()).toBe(1);
    for (const r of await page.locator('#inbox tbody tr').all())
      expect(await r.locator('.badge.overdue').count()).toBe(1);
    await page.getByLabel('期限').selectOption('false');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/overdue=false/);
    await page.locator('#main:not([aria-busy])').waitFor();
    await expect.poll(() => lateRow.count()).toBe(0);
    expect(await row.count()).toBe(1);

    // The task: the official's profile and timeline, then the decision, by keyboard.
    await page.goto('/inbox');
    await page.locator(`tr[data-task-id="${task.id}"] a`).first().click();
    await page.getByRole('heading', { level: 1, name: '审批选派' }).waitFor();
    const profile = page.locator('section.profile');
    await expect.poll(() => profile.textContent()).toContain('韦志强');
    expect(await profile.textContent()).toContain('待审批选派');
    expect(await page.locator('ol.timeline').textContent()).toContain('提名');
    await page.getByLabel('意见').fill('经审查，同意派驻联合村。');
    await checkAccessibility(page);
    await shoot(page, 'task');
    await page.getByLabel('意见').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('批准');
    // The focus is visible: a solid ring of at least 2 px around the button.
    const ring = await page.evaluate(() => {
      const st = getComputedStyle(document.activeElement);
      return { style: st.outlineStyle, width: parseFloat(st.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');

    // Back in the inbox with a confirmation; the task is gone.
    await page.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('岗前培训');
    expect(await page.locator(`tr[data-task-id="${task.id}"]`).count()).toBe(0);
    const left = await api.get(`/api/inbox?kind=approve_dispatch`, 'org-wuming');
    expect(left.body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);

    // The official's page shows the new stage and the decision on the timeline.
    await page.getByRole('link', { name: '干部', exact: true }).click();
    await page.getByRole('link', { name: '韦志强' }).click();
    await page.getByRole('heading', { level: 1, name: /韦志强/ }).waitFor();
    expect(await page.locator('h1 .badge').textContent()).toBe('岗前培训');
    expect(await page.locator('ol.timeline li').first().textContent()).toMatch(/阶段变化|批准派驻/);
    expect(await page.locator('ol.timeline').textContent()).toContain('经审查，同意派驻联合村。');
    expect(page.url()).toBe(`${api.baseUrl}/officials/${p.officialId}`);
    expect(scriptErrors(page)).toEqual([]);
  });

  it('shows a decision taken behind the page’s back as a clear message, not a blank page', async () => {
    const { p, task } = await awaitingCounty({ name: '黄海燕' });
    const page = await browse();
    await signInAs(page, 'org-wuming');
    await page.goto(`/tasks/${task.id}`);
    await page.getByRole('heading', { level: 1, name: '审批选派' }).waitFor();
    await page.getByLabel('意见').fill('同意');

    // Someone else in the department decides first, through the API.
    await decide('org-wuming', task.id, { decision: 'reject', comment: 'decided elsewhere' });
    await page.getByRole('button', { name: '批准' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('操作冲突');
    // Said from the refusal's code, in Chinese (not the server's English message).
    expect(await alert.textContent()).toContain('此事项已经办理，不能重复办理。');
    expect(await alert.getAttribute('data-status')).toBe('409');
    // The page is still there: the heading, the profile, and no second decision possible.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('审批选派');
    expect(await page.locator('section.profile').textContent()).toContain('黄海燕');
    expect(await page.getByRole('button', { name: '批准' }).isDisabled()).toBe(true);
    // Reloading shows what was decided.
    await alert.getByRole('link').click();
    await expect.poll(() => page.locator('.closed-note').textContent()).toContain('驳回');
    expect(
      (await api.get(`/api/officials/${p.officialId}`, 'org-wuming')).body.official.stage,
    ).toBe('rejected');

    // To another county's approver the task does not exist: a 404 said as such.
    const other = await browse();
    await signInAs(other, 'org-binyang');
    await other.goto(`/tasks/${task.id}`);
    const refused = other.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('未找到');
    expect(await refused.getAttribute('data-status')).toBe('404');
    expect(scriptErrors(page)).toEqual([]);
    expect(scriptErrors(other)).toEqual([]);
  });

  it('switches between Chinese and English, and keeps the choice', async () => {
    const page = await browse();
    await signInAs(page, 'org-wuming');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('navigation').textContent()).toContain('Cases');
    expect(await page.getByLabel('Task kind').count()).toBe(1);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    expect(await page.title()).toBe('Inbox · Zhucun approvals');
    // One header: the page's own, in place of index.html's bare brand line.
    expect(await page.getByRole('banner').locator('.brand').allTextContents()).toEqual([
      'Zhucun approvals',
    ]);
    await checkAccessibility(page);
    await shoot(page, 'inbox-en');

    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(scriptErrors(page)).toEqual([]);
  });

  it('shows an open reassignment case with its age and hand-over checklist, and the official’s obligations', async () => {
    // An official on duty, trained this year, found unfit: a health case, recall
    // approved, a successor vetted and dispatched, the hand-over under way.
    const out = await onDuty({ name: '陆文博' });
    expect(
      (
        await api.post(`/api/officials/${out.officialId}/trainings`, 'twp-fucheng', {
          kind: 'county',
          title: '县级培训：乡村道路建设',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.post(`/api/officials/${out.officialId}/absences`, 'twp-fucheng', {
          note: '周二抽查不在村',
        })
      ).status,
    ).toBe(200);
    const unfit = await api.post(`/api/officials/${out.officialId}/health-checks`, 'org-wuming', {
      fit: false,
      note: '体检不合格，不宜驻村',
    });
    expect(unfit.status).toBe(200);
    const caseId = unfit.body.caseId as string;
    await decide('org-wuming', (await taskIn('org-wuming', out.officialId, 'recall_reply')).id, {
      decision: 'approve',
      comment: '同意因健康原因召回',
    });
    const next = candidate({ name: '蒙丽华' });
    const succ = await api.post('/api/nominations', 'du-nanning', {
      ...next,
      replacesOfficialId: out.officialId,
    });
    expect(succ.status, JSON.stringify(succ.body)).toBe(201);
    for (const body of SCREENING_BODIES)
      await decide(body, (await taskIn(body, next.officialId, 'vetting_reply')).id);
    await decide(
      'org-wuming',
      (await taskIn('org-wuming', next.officialId, 'approve_dispatch')).id,
    );
    expect(
      (
        await api.post(`/api/officials/${next.officialId}/trainings`, 'org-wuming', {
          kind: 'pre_dispatch',
          title: '岗前培训',
        })
      ).status,
    ).toBe(200);
    await api.eventually(
      'hand-over',
      () => api.get(`/api/cases/${caseId}`, 'org-wuming'),
      (r) => r.body.status === 'handover',
    );
    for (const who of [officialActor(out), officialActor(next)])
      expect(
        (await api.post(`/api/cases/${caseId}/handover/village_ledger/sign`, who, {})).status,
      ).toBe(200);
    expect(
      (await api.post(`/api/cases/${caseId}/handover/contacts/sign`, officialActor(out), {}))
        .status,
    ).toBe(200);

    const page = await browse();
    await signInAs(page, 'org-wuming');
    await page.getByRole('link', { name: '调整案件' }).click();
    await page.getByRole('heading', { level: 1, name: '调整案件' }).waitFor();
    const row = page.locator(`tr[data-case-id="${caseId}"]`);
    await expect.poll(() => row.textContent()).toContain('陆文博');
    const rowText = await row.textContent();
    expect(rowText).toContain('健康原因');
    expect(rowText).toContain('交接中');
    expect(rowText).toContain('0 天');
    // The jurisdiction's cases in figures, as the API counts them.
    const stats = (await api.get('/api/cases/stats', 'org-wuming')).body;
    expect(stats.open).toBeGreaterThanOrEqual(1);
    const figures = page.locator('#case-stats dl.facts');
    expect(await figures.textContent()).toMatch(new RegExp(`未结案\\s*${stats.open}`));
    const healthRow = page.locator('#case-stats tbody tr', { hasText: '健康原因' });
    expect(await healthRow.locator('td').first().textContent()).toBe(
      String(stats.byGround.find((g: { ground: string }) => g.ground === 'health').open),
    );
    expect(await page.getByRole('search', { name: '筛选调整案件' }).count()).toBe(1);
    await checkAccessibility(page);
    await shoot(page, 'cases');

    await row.getByRole('link', { name: caseId }).click();
    await page.getByRole('heading', { level: 1, name: `调整案件 ${caseId}` }).waitFor();
    const checklist = page.locator('table.checklist tbody tr');
    await expect.poll(() => checklist.count()).toBe(4);
    const ledger = await checklist.nth(0).locator('.badge').allTextContents();
    expect(ledger.every((s) => s.startsWith('已签字'))).toBe(true);
    expect(await checklist.nth(2).locator('.badge').allTextContents()).toEqual([
      expect.stringMatching(/^已签字/),
      '未签字',
    ]);
    expect(await page.locator('dl.facts').textContent()).toContain('蒙丽华');
    expect(await page.locator('table.checklist thead').textContent()).toMatch(
      /离任干部\s*陆文博.*接任干部\s*蒙丽华/,
    );
    await checkAccessibility(page);
    await shoot(page, 'case');

    // The incoming official signs an item of the hand-over in the page, after
    // a second step: their own column only.
    const incoming = await browse();
    await incoming.goto('/sign-in');
    await incoming.getByLabel('访问令牌（Bearer JWT）').fill(await api.token(officialActor(next)));
    await incoming.getByRole('button', { name: '登录', exact: true }).click();
    await incoming.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    await incoming.goto(`/cases/${caseId}`);
    await incoming.getByRole('heading', { level: 1, name: `调整案件 ${caseId}` }).waitFor();
    const contacts = incoming.locator('table.checklist tbody tr').nth(2);
    expect(await incoming.locator('table.checklist button', { hasText: '签字' }).count()).toBe(3);
    await contacts.getByRole('button', { name: '签字' }).click();
    await incoming.getByRole('alertdialog').getByRole('button', { name: '确认办理' }).click();
    await expect.poll(() => incoming.locator('#flash').textContent(), SLOW).toContain('已签字');
    await expect
      .poll(
        () =>
          incoming.locator('table.checklist tbody tr').nth(2).locator('.badge').allTextContents(),
        SLOW,
      )
      .toEqual([expect.stringMatching(/^已签字/), expect.stringMatching(/^已签字/)]);
    expect(scriptErrors(incoming)).toEqual([]);

    // The outgoing official's page: stage, this year's obligations, timeline.
    await page.getByRole('link', { name: '陆文博' }).first().click();
    await page.getByRole('heading', { level: 1, name: /陆文博/ }).waitFor();
    const duties = page.locator('dl.obligations');
    await expect.poll(() => duties.textContent()).toContain('县级培训');
    const dutiesText = (await duties.textContent())!;
    expect(dutiesText).toContain('已完成');
    expect(dutiesText).toContain('不合格');
    expect(dutiesText).toMatch(/抽查缺勤\s*1 次/);
    expect(await page.locator('ol.timeline').textContent()).toContain('开启调整案件');
    await checkAccessibility(page);
    await shoot(page, 'official');
    const entries = page.locator('ol.timeline li');
    const shown = await entries.evaluateAll((els) => els.filter((e) => !(e as El).hidden).length);
    expect(shown).toBe(12);
    await page.getByRole('button', { name: /显示全部 \d+ 条记录/ }).click();
    expect(await entries.evaluateAll((els) => els.filter((e) => !(e as El).hidden).length)).toBe(
      await entries.count(),
    );
    expect(await entries.last().textContent()).toContain('提名');

    // The term's decided tasks, loaded on demand, and the record chain checked.
    await page.getByRole('button', { name: '显示已办任务' }).click();
    const decided = page.locator('#decided-tasks-result li');
    await expect.poll(() => decided.count(), SLOW).toBeGreaterThan(3);
    expect(await page.locator('#decided-tasks-result').textContent()).toMatch(/批准/);
    await page.getByRole('button', { name: '校验记录链' }).click();
    await expect
      .poll(() => page.locator('#chain-check-result').textContent(), SLOW)
      .toMatch(/记录链完整：\d+ 条记录全部校验通过/);
    await shoot(page, 'official-record');
    expect(scriptErrors(page)).toEqual([]);
  });

  it('lets the dispatching unit nominate in the page, and the county record what it sees on duty', async () => {
    const page = await browse();
    await signInAs(page, 'du-nanning');
    await page.getByRole('link', { name: '提名', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '提名驻村干部' }).waitFor();
    const id = `off-page-${Date.now().toString(36)}`;
    await page.getByLabel('干部编号').fill(id);
    await page.getByLabel('姓名').fill('黄海燕');
    await page.getByLabel('电子邮箱').fill(`${id}@zhucun.local`);
    await page.getByLabel('出生日期').fill('1989-06-15');
    await page.getByLabel('驻点村').fill('gx/nanning/wuming/fucheng/lianhe');
    await page.getByLabel('派出单位').fill('南宁市农业农村局');
    await page.getByLabel('工作年限').fill('9');
    await page.getByLabel('上一年度考核等次').selectOption('competent');
    await page
      .getByLabel('最近一次体检日期')
      .fill(new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel('已签署本人意愿书').check();
    await checkAccessibility(page);
    await shoot(page, 'nominate');
    await page.getByRole('button', { name: '提交提名' }).click();
    await page.getByRole('heading', { level: 1, name: /黄海燕/ }).waitFor();
    await expect.poll(() => page.locator('#flash').textContent(), SLOW).toContain('已提名');
    const nominated = await api.get(`/api/officials/${id}`, 'du-nanning');
    expect(nominated.body.official.stage).toBe('vetting');

    // A candidate who fails a rule: the page says which, and the record keeps it.
    await page.getByRole('link', { name: '提名', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '提名驻村干部' }).waitFor();
    const out = `${id}-x`;
    await page.getByLabel('干部编号').fill(out);
    await page.getByLabel('姓名').fill('覃立新');
    await page.getByLabel('电子邮箱').fill(`${out}@zhucun.local`);
    await page.getByLabel('出生日期').fill('1990-01-01');
    // Another village: Lianhe has its first secretary in vetting now (domain/team.ts).
    await page.getByLabel('驻点村').fill('gx/nanning/wuming/fucheng/xinmin');
    await page.getByLabel('派出单位').fill('南宁市农业农村局');
    await page.getByLabel('工作年限').fill('6');
    await page.getByLabel('已签署本人意愿书').check();
    await page.getByLabel('正在接受审查调查').check();
    await page.getByRole('button', { name: '提交提名' }).click();
    await page.getByRole('heading', { level: 1, name: /覃立新/ }).waitFor();
    await expect
      .poll(() => page.locator('#flash').textContent(), SLOW)
      .toContain('未通过“六不派”审查');
    expect((await api.get(`/api/officials/${out}`, 'du-nanning')).body.official.stage).toBe(
      'screened_out',
    );
    expect(scriptErrors(page)).toEqual([]);

    // The county on an official on duty: a training in one step; an absence,
    // which caps the rating, only after a second step that says so.
    const p = await onDuty({ name: '梁振华' });
    const county = await browse();
    await signInAs(county, 'org-wuming');
    await county.goto(`/officials/${p.officialId}`);
    await county.getByRole('heading', { level: 1, name: /梁振华/ }).waitFor();
    const actions = county.locator('section.actions');
    expect(await actions.locator('summary').allTextContents()).toEqual(
      expect.arrayContaining(['登记县级培训', '登记体检结果', '登记抽查缺勤', '决定例外留任']),
    );
    expect(await actions.locator('summary').allTextContents()).not.toContain('申请请假');
    await actions.locator('summary', { hasText: '登记县级培训' }).click();
    // The open form's own field (a fact's correction form has a "正确的培训名称").
    await actions.getByLabel('培训名称', { exact: true }).first().fill('县级培训：村级集体经济');
    await county.getByRole('button', { name: '登记县级培训' }).click();
    await expect
      .poll(() => county.locator('#flash').textContent(), SLOW)
      .toContain('已办理：登记县级培训');
    await expect
      .poll(() => county.locator('section').filter({ hasText: '本年度义务' }).textContent(), SLOW)
      .toContain('县级培训：村级集体经济');

    await actions.locator('summary', { hasText: '登记抽查缺勤' }).click();
    await county.getByLabel('抽查情况').fill('周四抽查不在村，未请假');
    await county.getByRole('button', { name: '登记抽查缺勤' }).click();
    const confirm = county.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('年度考核等次受限');
    await shoot(county, 'official-actions-confirm');
    // Cancelled: nothing is sent.
    await confirm.getByRole('button', { name: '取消' }).click();
    const before = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    expect(JSON.stringify(before.body.timeline)).not.toContain('周四抽查');
    await county.getByRole('button', { name: '登记抽查缺勤' }).click();
    await county.getByRole('alertdialog').getByRole('button', { name: '确认办理' }).click();
    await expect
      .poll(() => county.locator('#flash').textContent(), SLOW)
      .toContain('已办理：登记抽查缺勤');
    const after = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    expect(
      after.body.timeline.filter((e: object) => JSON.stringify(e).includes('周四抽查')),
    ).toHaveLength(1);
    await checkAccessibility(county);
    expect(scriptErrors(county)).toEqual([]);
  });

  it('asks a reason and a second step before a screening body objects', async () => {
    const p = candidate({ name: '罗建国' });
    expect((await api.post('/api/nominations', 'du-nanning', p)).status).toBe(201);
    const task = await taskIn('pol-wuming', p.officialId, 'vetting_reply');
    const page = await browse();
    await signInAs(page, 'pol-wuming');
    await page.goto(`/tasks/${task.id}`);
    await page.getByRole('heading', { level: 1, name: /答复考察征求意见/ }).waitFor();
    // No reason: the page says so and sends nothing.
    await page.getByRole('button', { name: '驳回' }).click();
    await expect
      .poll(() => page.locator('#decision-status').textContent(), SLOW)
      .toContain('请写明理由');
    expect((await api.get(`/api/tasks/${task.id}`, 'pol-wuming')).body.closedAt).toBeUndefined();
    // The API refuses it too, whatever the page does.
    const bare = await api.post(`/api/tasks/${task.id}/decision`, 'pol-wuming', {
      decision: 'reject',
      comment: ' ',
    });
    expect(bare.status).toBe(422);
    expect(bare.body.error.code).toBe('reason_required');
    // With a reason, a second step names the consequence; only then is it sent.
    await page.getByLabel('意见').fill('有未结信访事项（2026-117）');
    await page.getByRole('button', { name: '驳回' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    // The body advises: the county organization department decides on an objection.
    expect(await confirm.textContent()).toContain('由县委组织部研究决定');
    await checkAccessibility(page);
    await shoot(page, 'task-reject-confirm');
    await confirm.getByRole('button', { name: '确认驳回' }).click();
    await page.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    const record = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    expect(record.body.official.stage).toBe('vetting');
    expect(JSON.stringify(record.body.timeline)).toContain('有未结信访事项（2026-117）');
    await taskIn('org-wuming', p.officialId, 'decide_objection');
    expect(scriptErrors(page)).toEqual([]);
  });

  it('keeps the sign-in across tabs, signs out everywhere, and says "not found" in its own words', async () => {
    const page = await browse();
    await signInAs(page, 'twp-fucheng');
    const other = await page.context().newPage();
    await other.goto('/officials');
    await other.getByRole('heading', { level: 1, name: '干部名录' }).waitFor();
    expect(await other.locator('#who').textContent()).toContain('府城');
    expect(await other.getByRole('search', { name: '查找干部' }).count()).toBe(1);

    const unknown = await other.goto('/no/such/page');
    expect(unknown?.status()).toBe(404);
    await other.getByRole('heading', { level: 1, name: '未找到' }).waitFor();
    expect(await other.locator('main').textContent()).toContain('没有这个页面');
    const api404 = await fetch(`${api.baseUrl}/no/such/page`);
    expect(api404.status).toBe(404);
    expect(((await api404.json()) as { error: { code: string } }).error.code).toBe('not_found');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await other.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await expect
      .poll(() => other.locator('#flash').textContent(), SLOW)
      .toContain('已在另一个标签页退出登录');
    expect(scriptErrors(page)).toEqual([]);
  });

  it('loads its libraries (lit-html, universal-router) from this origin, their built modules only', async () => {
    for (const path of [
      '/web/vendor/lit-html/lit-html.js',
      '/web/vendor/lit-html/directives/ref.js',
      '/web/vendor/universal-router/universal-router.js',
      '/web/vendor/universal-router/path-to-regexp.js',
    ]) {
      const res = await fetch(`${api.baseUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/javascript/);
      expect(res.headers.get('content-security-policy') ?? '', path).toContain("script-src 'self'");
    }
    // Nothing else of the packages: not their manifests, nor lit's development build.
    for (const path of [
      '/web/vendor/lit-html/package.json',
      '/web/vendor/lit-html/development/lit-html.js',
      '/web/vendor/universal-router/../../package.json',
    ]) {
      const res = await fetch(`${api.baseUrl}${path}`, { headers: { accept: 'application/json' } });
      expect(res.status, path).toBe(404);
    }
  });

  it('shows the caught reminders on the embedded demo, with links into the page', async () => {
    const { p, task } = await overdueForCounty({ name: '覃建国' });
    // The worker's real reminder about the late approval, caught on loopback SMTP
    // and stored the way the embedded catcher stores it (scripts/start.ts).
    const caught = await api.mail.waitFor(
      (m) => m.subject.includes(p.name) && m.text.includes(`/tasks/${task.id}`),
      20_000,
    );
    await api.pool.query(
      `INSERT INTO caught_mail (message_id, from_addr, to_addrs, subject, text_body, html_body, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (message_id) DO NOTHING`,
      [
        caught.messageId,
        caught.from,
        [...new Set([...caught.to, ...caught.cc, ...caught.envelopeTo])],
        caught.subject,
        caught.text,
        caught.html,
        caught.receivedAt,
      ],
    );

    const page = await browse();
    await signInAs(page, 'org-wuming');
    await page.getByRole('link', { name: '提醒邮件' }).click();
    await page.getByRole('heading', { level: 1, name: '提醒邮件' }).waitFor();
    await expect.poll(() => page.locator('ul.mail').textContent()).toContain('覃建国');
    expect(await page.locator('ul.mail h2').first().textContent()).toMatch(/【驻村(提醒|督办)】/);
    await page
      .locator('ul.mail a', { hasText: `/tasks/${task.id}` })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: /审批选派/ }).waitFor();
    expect(page.url()).toBe(`${api.baseUrl}/tasks/${task.id}`);
    expect(scriptErrors(page)).toEqual([]);
  });

  it('opens a reminder’s link after sign-in, and works on a phone-width screen', async () => {
    const { task } = await awaitingCounty({ name: '莫春梅' });
    const page = await browse({ width: 375, height: 740 });
    // A reminder's link, before signing in: sign-in first, then the task.
    await page.goto(`/tasks/${task.id}`);
    await page.waitForURL(/\/sign-in$/);
    await page.locator('button[data-actor="org-wuming"]').click();
    await page.getByRole('heading', { level: 1, name: '审批选派' }).waitFor();
    const fits = () =>
      page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);
    const approve = page.getByRole('button', { name: '批准' });
    expect(await approve.isVisible()).toBe(true);
    const box = (await approve.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(box.height).toBeGreaterThanOrEqual(40); // a finger's target
    await shoot(page, 'task-phone');

    await page.getByRole('link', { name: '待办', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    expect(await fits()).toBe(true);
    await checkAccessibility(page);

    // Sign-in in production: no demo actors, a pasted token.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await checkAccessibility(page);
    await shoot(page, 'sign-in-phone');
    await page.getByLabel('访问令牌（Bearer JWT）').fill('not-a-token');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toContain('请重新登录');
    await page.getByLabel('访问令牌（Bearer JWT）').fill(await api.token('twp-fucheng'));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    expect(await page.locator('#who').textContent()).toContain('府城镇党委');
    expect(scriptErrors(page)).toEqual([]);
  });
});

describe('outside the embedded demo', () => {
  let prod: ApiHarness;
  beforeAll(async () => {
    prod = await startApi({ embedded: false, worker: false });
  });
  afterAll(async () => {
    await prod?.stop();
  });

  it('offers no demo actors (404) and still serves the page', async () => {
    expect((await prod.get('/api/demo/actors')).status).toBe(404);
    expect(
      (await api.get('/api/demo/actors')).body.items.map((a: { id: string }) => a.id),
    ).toContain('org-wuming');
    const page = await prod.get('/tasks/anything');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await prod.get('/web/app.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await prod.get('/nowhere')).status).toBe(404);
  });

  it('signs in with a pasted token, and has no mail page', async () => {
    const page = await browse();
    await page.goto(`${prod.baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    expect(await page.locator('button[data-actor]').count()).toBe(0);
    await page
      .getByLabel('访问令牌（Bearer JWT）')
      .fill(`Bearer ${await prod.token('org-wuming')}`);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
    expect(await page.getByRole('link', { name: '提醒邮件' }).count()).toBe(0);
    await page.goto(`${prod.baseUrl}/mail`);
    await expect.poll(() => page.locator('main').textContent()).toContain('只有演示环境才收集邮件');
    expect(scriptErrors(page)).toEqual([]);
  });
});
