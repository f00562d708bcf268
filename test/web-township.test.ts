// The township's month close and the context of a task, as the people who
// use them meet them: Debian's Chromium (headless, driven by playwright-core)
// on the real API app, a real worker on the shared Temporal dev server and a
// fresh PostgreSQL database. Other bodies act through the API. Terms run on
// policy days of 500 ms, so that the first month of a term ends in 15 s.
//
// Screenshots go to test-results/screenshots/; with UPDATE_SCREENSHOTS=1 they
// replace the ones in docs/screenshots/ that README.md shows.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actors.js';
import { scaledPolicy } from '../domain/policy.js';
import type { CandidateProfile } from '../domain/profile.js';
import { candidate, startApi, type ApiHarness } from './support/api.js';

// The functions given to page.evaluate run in the browser (see web.test.ts).
declare const document: any;
declare const window: any;
declare const getComputedStyle: (el: any) => any;
declare const NodeFilter: { SHOW_TEXT: number };
type El = any;

/** For what waits on a decision's round trip (an Update and its record write): up to 15 s on a loaded machine. */
const SLOW = { timeout: 15_000, interval: 100 };
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(import.meta.dirname, '..', 'docs', 'screenshots')
    : join(import.meta.dirname, '..', 'test-results', 'screenshots');

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ policy: scaledPolicy(500) });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await api?.stop();
});

// ---- the browser: a fresh profile per test ------------------------------------

const open: { context: BrowserContext; dir: string }[] = [];
afterEach(async () => {
  for (const { context, dir } of open.splice(0)) {
    await context.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});

async function browse(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const dir = mkdtempSync(join(tmpdir(), 'zhucun-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: api.baseUrl,
  });
  context.setDefaultTimeout(15_000);
  open.push({ context, dir });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { scriptErrors: string[] }).scriptErrors = errors;
  return page;
}
const scriptErrors = (page: Page) => (page as Page & { scriptErrors: string[] }).scriptErrors;

async function signInAs(page: Page, actorId: string) {
  await page.goto('/');
  await expect.poll(() => page.locator('h1').textContent()).toBe('登录');
  await page.locator(`button[data-actor="${actorId}"]`).click();
  await page.getByRole('heading', { level: 1, name: '待办任务' }).waitFor();
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** No English word in the page's text (names and ids aside, which the caller lists). */
async function englishWords(page: Page, selector: string, allowed: string[] = []) {
  const text: string = await page.locator(selector).innerText();
  let rest = text;
  for (const a of allowed) rest = rest.split(a).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

// ---- the other bodies, through the API ----------------------------------------

type As = string | Actor;
const SCREENING_BODIES = ['disc-wuming', 'pet-wuming', 'pol-wuming'];

async function taskIn(as: As, officialId: string, kind: string) {
  const r = await api.eventually(
    `${kind} for ${officialId}`,
    () => api.get(`/api/inbox?kind=${kind}&limit=200`, as),
    (x) =>
      x.status === 200 &&
      x.body.items.some((t: { officialId: string }) => t.officialId === officialId),
    60_000,
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

const REPLIES: Record<string, string> = {
  'disc-wuming': '未发现违纪违法问题',
  'pet-wuming': '无涉访记录',
  'pol-wuming': '无违法犯罪记录',
};

/** Nominated by du-nanning and vetted by the three screening bodies: the county's approval is due. */
async function awaitingCounty(overrides: Partial<CandidateProfile> = {}) {
  const p = candidate({ dispatchingUnit: '南宁市农业农村局', ...overrides });
  const r = await api.post('/api/nominations', 'du-nanning', p);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  for (const body of SCREENING_BODIES)
    await decide(body, (await taskIn(body, p.officialId, 'vetting_reply')).id, {
      decision: 'approve',
      comment: REPLIES[body]!,
    });
  return { p, task: await taskIn('org-wuming', p.officialId, 'approve_dispatch') };
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

// ---- what a person can check in any page ----------------------------------------

/** Every form control has a label; every text has at least 4.5:1 contrast (3:1 when large). */
async function checkAccessibility(page: Page) {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('input, select, textarea') as El[]) {
      if (el.type === 'hidden') continue;
      if (
        !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))
      )
        out.push(`no label: ${el.outerHTML.slice(0, 80)}`);
    }
    const rgba = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: El | null): number[] => {
      const layers: number[][] = [];
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        const a = c[3] ?? 1;
        if (a > 0) layers.push([c[0]!, c[1]!, c[2]!, a]);
        if (a >= 1) break;
      }
      let color = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse())
        color = [
          r! * a! + color[0]! * (1 - a!),
          g! * a! + color[1]! * (1 - a!),
          b! * a! + color[2]! * (1 - a!),
        ];
      return color;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<El>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      if (
        !el.getClientRects().length ||
        el.closest('[hidden], .visually-hidden, noscript, .skip, button:disabled')
      )
        continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const fg = rgba(style.color);
      const [l1, l2] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        out.push(`contrast ${ratio.toFixed(2)} for "${n.textContent.trim().slice(0, 30)}"`);
    }
    return out;
  });
  expect(problems).toEqual([]);
}

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
    // The first month of each term ends (15 s after its dispatch): each close waits for the township.
    const closes = new Map<string, string>();
    for (const p of officials)
      closes.set(p.officialId, (await taskIn('twp-fucheng', p.officialId, 'close_attendance')).id);
    const rowOf = (page: Page, p: CandidateProfile) =>
      page.locator(`tr[data-task-id="${closes.get(p.officialId)}"]`);

    const page = await browse();
    await signInAs(page, 'twp-fucheng');
    // The navigation offers the month close to the township.
    const nav = page.locator('#nav-month-close');
    expect(await nav.isHidden()).toBe(false);
    await nav.locator('a').click();
    await page.getByRole('heading', { level: 1, name: '月度考勤确认' }).waitFor();
    for (const p of officials) {
      await expect.poll(() => rowOf(page, p).textContent()).toContain(p.name);
      expect(await rowOf(page, p).textContent()).toContain('第 1 个月');
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
    expect(first.body.context.recorded).toEqual({ month: 1, days: 26, breach: false });

    // Reloaded, the page shows what was recorded.
    await page.reload();
    await expect
      .poll(() => rowOf(page, qingshan).textContent(), SLOW)
      .toContain('已确认：在村 26 天');
    expect(await rowOf(page, sanjiang).textContent()).toContain('已确认：在村 21 天');

    // On a phone: rows become cards, nothing scrolls sideways.
    const phone = await browse({ width: 375, height: 740 });
    await signInAs(phone, 'twp-fucheng');
    await phone.goto('/month-close');
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
