// Importing officials on post in the page: the regional administrator checks
// a file with bad rows and reads the report (line, field, problem, in the
// page's language), then imports a good workbook and watches it done; no one
// else is offered the page. Debian's Chromium (headless, playwright-core) on
// the real API app, a real worker on the shared Temporal dev server and a
// fresh PostgreSQL database, as in web.test.ts.
//
// Screenshots go to test-results/screenshots/; with UPDATE_SCREENSHOTS=1 they
// replace the ones in docs/screenshots/.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from '../operations/import-file.js';
import { startApi, uniqueId, type ApiHarness } from './support/api.js';
import { daysAgo, daysAgoThisYear } from './support/import-dates.js';
import {
  checkAccessibility,
  scriptErrors,
  shoot,
  signInAs,
  SLOW,
  useBrowser,
} from './support/browser.js';

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
const files = mkdtempSync(join(tmpdir(), 'zhucun-import-'));
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const row = (overrides: Record<string, string> = {}): Record<string, string> => ({
  officialId: uniqueId('webimp'),
  name: '农秀英',
  email: 'nong.xiuying@example.gov.cn',
  post: 'team_member',
  village: 'gx/nanning/wuming/fucheng/lianhe',
  dispatchingUnit: '武鸣区卫生健康局',
  birthDate: '1987-08-21',
  partyMember: 'full',
  workYears: '11',
  dispatchedOn: daysAgo(200),
  trainingsThisYear: daysAgoThisYear(40),
  healthCheckOn: '',
  healthCheckFit: '',
  lastRatings: 'competent;competent',
  ...overrides,
});

const reportRows = (page: import('playwright-core').Page) =>
  page
    .locator('#import-report tbody tr')
    .evaluateAll((trs: any[]) =>
      trs.map((tr) => [...tr.children].map((c: any) => c.textContent as string)),
    );

describe('importing officials on post in the page', () => {
  it('shows the administrator the report of a bad file, then imports a good workbook to the end', async () => {
    const bad = join(files, '南宁-有误.csv');
    const first = row();
    writeFileSync(
      bad,
      [
        IMPORT_COLUMNS.join(','),
        ...[
          first,
          row({ dispatchedOn: '2026-02-30' }),
          row({ email: 'nobody' }),
          row({ officialId: first.officialId! }),
        ].map((r) => IMPORT_COLUMNS.map((c) => r[c]).join(',')),
      ].join('\n'),
    );
    const goodRows = [
      row(),
      row(),
      row({ healthCheckOn: daysAgoThisYear(5), healthCheckFit: 'yes' }),
    ];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow([...IMPORT_COLUMNS]);
    for (const r of goodRows) sheet.addRow(IMPORT_COLUMNS.map((c) => r[c]));
    const good = join(files, '南宁-在岗.xlsx');
    await workbook.xlsx.writeFile(good);

    const page = await browse();
    await signInAs(page, 'admin-gx', '概览');
    await page.getByRole('link', { name: '导入在岗干部' }).click();
    await page.getByRole('heading', { level: 1, name: '导入在岗干部' }).waitFor();

    await page.getByLabel('名单文件').setInputFiles(bad);
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.locator('#import-report').waitFor(SLOW);
    await expect
      .poll(() => page.locator('#import-check [role="status"]').textContent())
      .toBe('共 4 行：1 行无误，3 行有问题（3 处）。');
    expect(await reportRows(page)).toEqual([
      ['3', '派驻日期', '须为有效日期，格式 YYYY-MM-DD'],
      ['4', '电子邮箱', '不是有效的电子邮箱地址'],
      ['5', '干部编号', '与第 2 行是同一名干部'],
    ]);
    // A file with problems offers no import.
    expect(await page.locator('#import-start').count()).toBe(0);
    await checkAccessibility(page);
    await shoot(page, 'import-report');
    // The same report in English.
    await page.locator('#lang-switch').click();
    await page.getByRole('heading', { level: 1, name: 'Import officials on post' }).waitFor();
    expect((await reportRows(page))[2]).toEqual([
      '5',
      'Official id',
      'the same official as line 2',
    ]);
    await page.locator('#lang-switch').click();
    await page.getByRole('heading', { level: 1, name: '导入在岗干部' }).waitFor();

    await page.getByLabel('名单文件').setInputFiles(good);
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.getByText('文件无误，可以导入 3 名干部。').waitFor(SLOW);
    // The first import's answer is lost on its way back (the API took it and
    // started the import); the administrator clicks again. Both requests
    // carry the same Idempotency-Key, so the second gets the first's answer
    // and the file is imported once.
    const keys: (string | undefined)[] = [];
    await page.route(
      (url) => url.pathname === '/api/imports',
      async (route) => {
        keys.push(route.request().headers()['idempotency-key']);
        if (keys.length > 1) return route.fallback();
        await route.fetch();
        await route.abort('connectionreset');
      },
    );
    await page.getByRole('button', { name: '导入 3 名干部' }).click();
    await page.locator('#import-check [role="alert"][data-status="0"]').waitFor(SLOW);
    await page.getByRole('button', { name: '导入 3 名干部' }).click();
    await page.locator('#import-progress[data-status="done"]').waitFor({ timeout: 60_000 });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{1,200}$/);
    expect(keys[1]).toBe(keys[0]);
    const imports = await api.pool.query(
      `SELECT rows_started, rows_skipped FROM imports WHERE file_name = $1`,
      ['南宁-在岗.xlsx'],
    );
    expect(imports.rows).toEqual([{ rows_started: 3, rows_skipped: 0 }]);
    expect(await page.locator('#import-progress [role="status"]').textContent()).toBe(
      '已导入 3 名，已存在跳过 0 名，失败 0 名，共 3 名。',
    );
    await page.getByText('导入完成。').waitFor();
    await shoot(page, 'import-done');

    // The officials are on the record, on duty.
    const onRecord = await api.eventually(
      'three terms on duty',
      () =>
        api.pool.query('SELECT stage FROM officials WHERE official_id = ANY($1)', [
          goodRows.map((r) => r.officialId),
        ]),
      (r) => r.rows.length === 3 && r.rows.every((o) => o.stage === 'on_duty'),
    );
    expect(onRecord.rows).toHaveLength(3);
    expect(scriptErrors(page)).toEqual([]);
  });

  it('offers the page to no one else', async () => {
    const page = await browse();
    await signInAs(page, 'org-wuming', '待办任务');
    expect(await page.locator('#nav-import').isHidden()).toBe(true);
    await page.goto('/import');
    await page.getByRole('heading', { level: 1, name: '导入在岗干部' }).waitFor();
    await page.locator('[role="alert"]').waitFor();
    expect(await page.locator('#import-form').count()).toBe(0);
  });
});
