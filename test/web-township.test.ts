// The township's month close and the context of a task, as the people who
// use them meet them: Debian's Chromium (headless, driven by playwright-core)
// on the real API app, a real worker on the shared Temporal dev server and a
// fresh PostgreSQL database. Other bodies act through the API. Terms run on
// policy days of 500 ms, so that the first month of a term ends in 15 s.
//
// Screenshots go to test-results/screenshots/; with UPDATE_SCREENSHOTS=1 they
// replace the ones in docs/screenshots/ that README.md shows.
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledPolicy } from '../domain/policy.js';
import type { CandidateProfile } from '../domain/profile.js';
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
declare const window: any;

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
const { taskIn, decide, nominate, vet } = termSteps(() => api);
beforeAll(async () => {
  // One calendar for every term of the suite (as the benchmark has): the run's
  // start is today, and every 500 ms a day passes. (Without it each term's
  // calendar starts at its own nomination, and terms vetted at different
  // speeds name their months differently.)
  const now = Date.now();
  api = await startApi({
    policy: { ...scaledPolicy(500), clock: { runOriginMs: now, calendarOriginMs: now } },
  });
});
afterAll(async () => {
  await api?.stop();
});

// ---- the browser: a fresh profile per test ------------------------------------

/** No English word in the page's text (names and ids aside, which the caller lists). */
async function englishWords(page: Page, selector: string, allowed: string[] = []) {
  const text: string = await page.locator(selector).innerText();
  let rest = text;
  for (const a of allowed) rest = rest.split(a).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

// ---- the other bodies, through the API ----------------------------------------

const REPLIES: Record<string, string> = {
  'disc-wuming': '未发现违纪违法问题',
  'pet-wuming': '无涉访记录',
  'pol-wuming': '无违法犯罪记录',
};

/** Nominated by du-nanning and vetted by the three screening bodies: the county's approval is due. */
async function awaitingCounty(overrides: Partial<CandidateProfile> = {}) {
  const p = await nominate(overrides);
  await vet(p.officialId, REPLIES);
  return { p, task: await taskIn('org-wuming', p.officialId, 'approve_dispatch', 60_000) };
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

/** The township's close of an official's calendar month, once it is open. */
async function closeOf(officialId: string, month: string) {
  const r = await api.eventually(
    `the close of ${month} for ${officialId}`,
    () => api.get(`/api/officials/${officialId}/tasks`, 'twp-fucheng'),
    (x) =>
      x.status === 200 &&
      x.body.items.some(
        (t: TaskView) => t.kind === 'close_attendance' && t.data?.calendarMonth === month,
      ),
    60_000,
  );
  return r.body.items.find(
    (t: TaskView) => t.kind === 'close_attendance' && t.data?.calendarMonth === month,
  ) as TaskView;
}
type TaskView = { id: string; kind: string; data?: { calendarMonth?: string; month?: number } };

// ---- the tests ------------------------------------------------------------------

const FUCHENG = 'gx/nanning/wuming/fucheng';

describe('the township closes a month; the county sees what a dispatch rests on', () => {
  it('closes the month for several villages at once: the unremarkable ones together, the breach with its reason', async () => {
    const officials = [];
    for (const [village, name] of [
      ['qingshan', '黄海燕'],
      ['shuangqiao', '蒙立新'],
      ['sanjiang', '陆建华'],
      ['dongfeng', '覃小梅'],
    ] as const)
      officials.push(await onDuty({ village: `${FUCHENG}/${village}`, name }));
    const [qingshan, shuangqiao, sanjiang, dongfeng] = officials as [
      CandidateProfile,
      CandidateProfile,
      CandidateProfile,
      CandidateProfile,
    ];
    // A calendar month ends about every 15 s: each term's first close waits for
    // the township. Terms dispatched a few seconds apart may first close
    // different months (a part month under 20 days joins the next); the latest
    // of those months is one every term closes.
    const firsts = [];
    for (const p of officials)
      firsts.push(await taskIn('twp-fucheng', p.officialId, 'close_attendance', 60_000));
    const month = firsts
      .map((task) => String((task.data as { calendarMonth?: string }).calendarMonth))
      .sort()
      .at(-1)!;
    const closes = new Map<string, string>();
    for (const p of officials) closes.set(p.officialId, (await closeOf(p.officialId, month)).id);
    const rowOf = (page: Page, p: CandidateProfile) =>
      page.locator(`tr[data-task-id="${closes.get(p.officialId)}"]`);

    const page = await browse();
    await signInAs(page, 'twp-fucheng');
    // The navigation offers the month close to the township.
    const nav = page.locator('#nav-month-close');
    expect(await nav.isHidden()).toBe(false);
    await nav.locator('a').click();
    await page.getByRole('heading', { level: 1, name: '月度考勤确认' }).waitFor();
    // The month every term closes (the earliest open one is the default).
    await page.goto(`/month-close?month=${month}`);
    await page.getByRole('heading', { level: 1, name: '月度考勤确认' }).waitFor();
    for (const p of officials) {
      await expect.poll(() => rowOf(page, p).textContent()).toContain(p.name);
      expect(await rowOf(page, p).textContent()).toMatch(/第 [12] 个月/);
    }
    expect(await rowOf(page, qingshan).textContent()).toContain('青山村');
    expect(await page.locator('#close-summary').textContent()).toMatch(/4 个村/);
    const bulk = page.locator('#close-bulk button.approve');
    expect(await bulk.isDisabled()).toBe(true);

    // Three at or above the minimum, one below it.
    await rowOf(page, qingshan).locator('input.days').fill('26');
    await rowOf(page, shuangqiao).locator('input.days').fill('22');
    await rowOf(page, sanjiang).locator('input.days').fill('20');
    await rowOf(page, dongfeng).locator('input.days').fill('12');
    await expect.poll(() => bulk.textContent()).toBe('确认达标的 3 项');
    const exception = rowOf(page, dongfeng).locator('form.exception');
    expect(await exception.isVisible()).toBe(true);
    expect(await rowOf(page, qingshan).locator('form.exception').isVisible()).toBe(false);
    await checkAccessibility(page);
    expect(await englishWords(page, 'main')).toEqual([]);
    await shoot(page, 'month-close');

    // Meanwhile someone else closes one of them: that row will say so (409).
    await decide('twp-fucheng', closes.get(sanjiang.officialId)!, {
      decision: 'approve',
      comment: '已在别处确认',
      days: 21,
    });

    // One action, one confirmation naming how many.
    await bulk.click();
    const confirm = page.locator('#close-bulk-status [role="alertdialog"]');
    await expect.poll(() => confirm.textContent()).toContain('将确认 3 名驻村干部');
    await confirm.getByRole('button', { name: '确认这 3 项' }).click();
    await expect
      .poll(() => page.locator('#close-bulk-result').textContent(), SLOW)
      .toBe('已确认 2 项，未成功 1 项（见各行结果）。');
    expect(await rowOf(page, qingshan).locator('.row-outcome').textContent()).toBe(
      '已确认：在村 26 天',
    );
    expect(await rowOf(page, shuangqiao).locator('.row-outcome').textContent()).toBe(
      '已确认：在村 22 天',
    );
    expect(
      await rowOf(page, sanjiang).locator('.row-outcome [role="alert"]').textContent(),
    ).toContain('操作冲突');
    // The breach was not part of it: it waits for its own reason.
    expect(await rowOf(page, dongfeng).locator('.row-outcome').textContent()).toBe('待确认');
    await exception.getByRole('button', { name: '确认在村不足' }).click();
    await expect
      .poll(() => exception.locator('[role="alert"]').textContent())
      .toContain('请说明在村不足的理由');
    await exception
      .getByLabel(`${dongfeng.name} 在村不足的理由`)
      .fill('本月借调县里防汛值守 18 天');
    await exception.getByRole('button', { name: '确认在村不足' }).click();
    const breachConfirm = exception.locator('[role="alertdialog"]');
    await expect.poll(() => breachConfirm.textContent()).toContain('将启动调整程序');
    await breachConfirm.getByRole('button', { name: '确认在村不足' }).click();
    await expect
      .poll(() => rowOf(page, dongfeng).locator('.row-outcome').textContent(), SLOW)
      .toContain('在村不足，已启动调整程序');

    // Each row says what came of its own request: three closed, one refused (409).
    await shoot(page, 'month-close-done');

    // The record holds each close once, with the days and the reason given.
    const record = await api.get(`/api/officials/${dongfeng.officialId}`, 'org-wuming');
    const closed = record.body.timeline.find(
      (e: { action: string }) => e.action === 'attendance_closed',
    );
    expect(closed).toMatchObject({ reason: '本月借调县里防汛值守 18 天' });
    expect(closed.detail).toContain('12 days');
    expect(record.body.official.stage).toBeDefined();
    expect(
      record.body.cases.some((c: { grounds: string[] }) => c.grounds.includes('residence')),
    ).toBe(true);
    const first = await api.get(`/api/tasks/${closes.get(qingshan.officialId)}`, 'twp-fucheng');
    expect(first.body).toMatchObject({ outcome: 'approve', closedBy: 'twp-fucheng' });
    expect(first.body.context.recorded).toEqual({
      month: first.body.data.month,
      days: 26,
      breach: false,
    });

    // Reloaded, the page shows what was recorded.
    await page.reload();
    await expect
      .poll(() => rowOf(page, qingshan).textContent(), SLOW)
      .toContain('已确认：在村 26 天');
    expect(await rowOf(page, sanjiang).textContent()).toContain('已确认：在村 21 天');

    // On a phone: rows become cards, nothing scrolls sideways.
    const phone = await browse({ width: 375, height: 740 });
    await signInAs(phone, 'twp-fucheng');
    await phone.goto(`/month-close?month=${month}`);
    await phone.getByRole('heading', { level: 1, name: '月度考勤确认' }).waitFor();
    await expect.poll(() => rowOf(phone, dongfeng).textContent()).toContain(dongfeng.name);
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);

    // Another role has no month close in its navigation.
    const county = await browse();
    await signInAs(county, 'org-wuming');
    expect(await county.locator('#nav-month-close').isHidden()).toBe(true);
    for (const p of [page, phone, county]) expect(scriptErrors(p)).toEqual([]);
  });

  it("shows the county the candidate's profile and the screening bodies' replies on the dispatch approval", async () => {
    const { p, task } = await awaitingCounty({
      name: '韦志强',
      workYears: 9,
      lastRatings: ['outstanding', 'competent'],
    });
    const page = await browse();
    await signInAs(page, 'org-wuming');
    await page.goto(`/tasks/${task.id}`);
    await page.getByRole('heading', { level: 1, name: '审批选派' }).waitFor();
    const context = page.locator('#task-context');
    await expect.poll(() => context.textContent()).toContain('人选情况与审查机关答复');
    const text = (await context.textContent())!;
    for (const expected of [
      '韦志强',
      '南宁市农业农村局',
      '联合村',
      '中共正式党员',
      '优秀；称职',
      p.birthDate,
      '纪检监察',
      '信访',
      '公安',
      '未发现违纪违法问题',
      '无涉访记录',
      '无违法犯罪记录',
    ])
      expect(text).toContain(expected);
    expect(await page.locator('#context-replies li').count()).toBe(3);
    // Above the decision.
    const order = await page.evaluate(() => {
      const ctx = document.getElementById('task-context');
      const decision = document.querySelector('section.decision');
      return ctx.compareDocumentPosition(decision) & 4;
    });
    expect(order).toBe(4);
    await checkAccessibility(page);
    // The context in Chinese: no English word (the timeline's details are the workflow's, in English).
    expect(await englishWords(page, '#task-context')).toEqual([]);
    await shoot(page, 'task-context');

    // In English, on a phone, it reads the same.
    const phone = await browse({ width: 375, height: 740 });
    await signInAs(phone, 'org-wuming');
    await phone.goto(`/tasks/${task.id}`);
    await phone.locator('#lang-switch').click();
    await expect
      .poll(() => phone.locator('#task-context h2').textContent())
      .toBe('The candidate and the screening replies');
    expect(await phone.locator('#task-context').textContent()).toContain('Full member');
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await shoot(phone, 'task-context-phone');
    for (const pg of [page, phone]) expect(scriptErrors(pg)).toEqual([]);
  });
});
