// The overview page as the region administrator meets it: Debian's Chromium
// (headless, driven by playwright-core) on the real API app and a fresh
// PostgreSQL record, set up as test/web.test.ts does. Terms with a year of
// history are written by the real record writer (test/support/overview-terms.ts).
//
// Screenshots go to test-results/screenshots/; with UPDATE_SCREENSHOTS=1 they
// replace the ones in docs/screenshots/ that README.md shows.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiYearOf } from '../api/overview.js';
import { startApi, type ApiHarness } from './support/api.js';
import { seedTerms, type SeedTerm } from './support/overview-terms.js';

/** For what waits on a round trip: up to 15 s on a loaded machine. */
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

// The functions given to page.evaluate run in the browser; the project
// compiles without the DOM lib (see test/web.test.ts).
type El = any;

const DAY = 86_400_000;
const YEAR = shanghaiYearOf(new Date()) - 1;
const at = (month: number) => Date.UTC(YEAR, month - 1, 1, 4);
const BINYANG = 'gx/nanning/binyang';
const WUMING = 'gx/nanning/wuming';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ worker: false });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const now = Date.now();
  const ended = Date.UTC(YEAR, 5, 15);
  const term = (county: string, extra: Partial<SeedTerm>): SeedTerm => ({
    county,
    stage: 'on_duty',
    ratedYearEndsAt: ended,
    ...extra,
  });
  await seedTerms(api.pool, [
    term(BINYANG, { rating: 'outstanding', trainedAt: [at(4)] }),
    term(BINYANG, {
      rating: 'outstanding',
      trainedAt: [at(5)],
      openTasks: [{ kind: 'close_attendance', dueAt: now - 2 * DAY }],
    }),
    term(BINYANG, { rating: 'outstanding' }),
    term(BINYANG, { rating: 'competent', trainedAt: [at(6)] }),
    term(BINYANG, {
      rating: 'competent',
      cases: [{ grounds: ['health'], openedAt: now - 10 * DAY }],
    }),
    term(BINYANG, {
      rating: 'basically_competent',
      stage: 'handing_over',
      cases: [{ grounds: ['residence'], openedAt: now - 100 * DAY }],
    }),
    term(BINYANG, { rating: 'incompetent', stage: 'recalled' }),
    term(BINYANG, { rating: null }),
    term(WUMING, {
      rating: 'competent',
      trainedAt: [at(3), at(9)],
      openTasks: [
        { kind: 'approve_dispatch', dueAt: now - DAY },
        { kind: 'close_attendance', dueAt: now - DAY },
      ],
      cases: [{ grounds: ['evaluation'], openedAt: now - 45 * DAY }],
    }),
    term(WUMING, { rating: 'outstanding', trainedAt: [at(2)] }),
    term(WUMING, { rating: 'competent', stage: 'pre_dispatch_training' }),
    term(WUMING, { stage: 'vetting' }),
  ]);
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

interface Watched {
  page: Page;
  /** Failures of the page's own script, and what the Content-Security-Policy refused. */
  problems: string[];
  downloads: string;
}

async function browse(viewport = { width: 1280, height: 900 }): Promise<Watched> {
  const dir = mkdtempSync(join(tmpdir(), 'zhucun-chromium-'));
  const downloads = join(dir, 'downloads');
  mkdirSync(downloads);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: api.baseUrl,
    acceptDownloads: true,
    downloadsPath: downloads,
  });
  context.setDefaultTimeout(15_000);
  open.push({ context, dir });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  return { page, problems, downloads };
}

async function signInAs(page: Page, actorId: string, landing: string) {
  await page.goto('/');
  await expect.poll(() => page.locator('h1').textContent()).toBe('登录');
  await page.locator(`button[data-actor="${actorId}"]`).click();
  await page.getByRole('heading', { level: 1, name: landing }).waitFor();
}

/** The cells of a table's rows (row header first), as the page shows them. */
const tableRows = (page: Page, id: string) =>
  page
    .locator(`#${id} tbody tr`)
    .evaluateAll((rows: El[]) =>
      rows.map((row) => [...row.children].map((c: El) => (c.textContent ?? '') as string)),
    );

describe('the overview page', () => {
  it('greets the region administrator with the overview: charts drawn, the numbers in tables, the Excel export', async () => {
    const { page, problems } = await browse();
    await signInAs(page, 'admin-gx', '概览');
    expect(new URL(page.url()).pathname).toBe('/overview');
    await expect.poll(() => page.locator('#nav a[aria-current="page"]').textContent()).toBe('概览');

    // Last year: its evaluation round has ended.
    await page.getByLabel('年度', { exact: true }).selectOption(String(YEAR));
    await page.getByRole('button', { name: '查看' }).click();
    await expect.poll(() => new URL(page.url()).search, SLOW).toBe(`?year=${YEAR}`);
    await page.getByRole('heading', { level: 2, name: `${YEAR} 年度考核` }).waitFor();

    // Every figure has a chart, drawn on a canvas by ECharts.
    for (const id of ['stages', 'overdue', 'trainings', 'evaluation', 'teams', 'cases']) {
      const chart = page.locator(`#overview-${id} .chart`);
      await expect.poll(() => chart.getAttribute('data-drawn'), SLOW).toBe('true');
      expect(await chart.locator('canvas').count(), id).toBeGreaterThan(0);
      const box = await chart.boundingBox();
      expect(box!.height).toBeGreaterThan(200);
    }

    expect(await tableRows(page, 'overview-evaluation-table')).toEqual([
      ['宾阳县', '8', '3', '2', '1', '1', '1', '2', '是'],
      ['武鸣区', '3', '1', '2', '0', '0', '0', '0', '是'],
    ]);
    expect(await tableRows(page, 'overview-trainings-table')).toEqual([
      ['宾阳县', '7', '3', '4', '42.9', '3'],
      ['武鸣区', '2', '2', '0', '100', '3'],
      ['合计', '9', '5', '4', '55.6', '6'],
    ]);
    // Every official here is alone in a village, as a team member: each village
    // on post is under the team size of 3 and has no first secretary.
    expect(await tableRows(page, 'overview-teams-table')).toEqual([
      ['宾阳县', '7', '7', '7'],
      ['武鸣区', '2', '2', '2'],
      ['合计', '9', '9', '9'],
    ]);
    const overdue = await tableRows(page, 'overview-overdue-table');
    expect(overdue.at(-1)).toEqual(['合计', '1', '2', '3']);
    const stages = await tableRows(page, 'overview-stages-table');
    expect(stages.at(-1)!.at(-1)).toBe('12');
    expect(await tableRows(page, 'overview-cases-table')).toEqual([
      ['宾阳县', '健康原因', '1', '0', '0', '0', '1'],
      ['宾阳县', '在村不足', '0', '0', '1', '0', '1'],
      ['武鸣区', '考核不称职', '0', '1', '0', '0', '1'],
    ]);

    // Chinese mode: no English words in the page's own text (ids and file names aside).
    const text = await page.locator('main').evaluate((main: El) => main.innerText as string);
    expect(text.replace(/Excel|CSV/g, '')).not.toMatch(/[A-Za-z]{2,}/);

    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });

    // The Excel download: the browser saves the workbook; its rows are the table's.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: '下载 Excel 表格' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`zhucun-overview-gx-${YEAR}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet(`年度考核 ${YEAR}`)!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '县（市、区）',
      '参评人数',
      '优秀',
      '称职',
      '基本称职',
      '不称职',
      '未评定',
      '优秀名额（25%）',
      '优秀超出名额',
    ]);
    expect(sheet.getRow(2).values).toEqual([undefined, BINYANG, 8, 3, 2, 1, 1, 1, 2, '是']);
    expect(sheet.getRow(3).values).toEqual([undefined, WUMING, 3, 1, 2, 0, 0, 0, 0, '是']);

    // The CSV download too.
    const [csv] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: '下载 CSV 文件' }).click(),
    ]);
    const bytes = readFileSync(await csv.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain(`${BINYANG},8,3,2,1,1,1,2,是`);

    expect(problems).toEqual([]);
  });

  it('speaks English after the switch, charts and tables alike', async () => {
    const { page, problems } = await browse();
    await signInAs(page, 'admin-gx', '概览');
    await page.locator('#lang-switch').click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Officials by stage' }).waitFor();
    await expect
      .poll(() => page.locator('#overview-stages .chart').getAttribute('data-drawn'), SLOW)
      .toBe('true');
    expect(await page.locator('#overview-stages-table thead th').first().textContent()).toBe(
      'County',
    );
    await page.screenshot({
      path: join(SCREENSHOTS, 'overview-en.png'),
      fullPage: true,
    });
    expect(problems).toEqual([]);
  });

  it('is in the menu of a county, which still starts at its inbox; an official neither sees nor opens it', async () => {
    const { page } = await browse();
    await signInAs(page, 'org-wuming', '待办任务');
    await expect.poll(() => page.locator('#nav-overview').isVisible()).toBe(true);
    await page.locator('#nav-overview a').click();
    await page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
    expect(await page.locator('.lead').textContent()).toContain('武鸣区');
    expect(await page.locator('#overview-stages-table tbody th').allTextContents()).toEqual([
      '武鸣区',
      '合计',
    ]);

    const official = await browse();
    await signInAs(official.page, 'off-liming', '待办任务');
    expect(await official.page.locator('#nav-overview').isVisible()).toBe(false);
    await official.page.goto('/overview');
    await official.page.locator('[role="alert"]').waitFor();
    expect(await official.page.locator('[role="alert"]').textContent()).toContain('无权进行此操作');
  });

  it('serves ECharts from this origin under the page policy', async () => {
    const res = await fetch(`${api.baseUrl}/web/vendor/echarts.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect((await res.text()).length).toBeGreaterThan(500_000);
  });
});
