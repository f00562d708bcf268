// A screening body's objection in the page: the county reads it and asks the
// body a follow-up question (ending the nomination is offered, with a second
// step naming what it ends), and the body withdraws its objection; the
// county's dispatch approval then opens. Debian's Chromium (headless, driven by
// playwright-core) on the real API app, a real worker on the shared Temporal
// dev server and a fresh PostgreSQL database, as in web.test.ts.
//
// Screenshots go to test-results/screenshots/; with UPDATE_SCREENSHOTS=1 they
// replace the ones in docs/screenshots/ that README.md shows.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { candidate, startApi, type ApiHarness } from './support/api.js';

// The functions given to page.evaluate run in the browser (see web.test.ts).
declare const document: any;
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
  api = await startApi();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await api?.stop();
});

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
  // A failure in the page's own script is a failure of the test.
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

async function taskIn(as: string, officialId: string, kind: string) {
  const r = await api.eventually(
    `${kind} for ${officialId}`,
    () => api.get(`/api/inbox?kind=${kind}&limit=200`, as),
    (x) =>
      x.status === 200 &&
      x.body.items.some((t: { officialId: string }) => t.officialId === officialId),
  );
  return r.body.items.find((t: { officialId: string }) => t.officialId === officialId) as {
    id: string;
    requestNo?: string;
  };
}

async function decide(as: string, taskId: string, body: Record<string, unknown>) {
  const r = await api.post(`/api/tasks/${encodeURIComponent(taskId)}/decision`, as, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

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
