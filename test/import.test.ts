// Adopting a region already on post: the file is checked whole first (every
// bad row with its line and field, nothing written), then each row becomes a
// term on duty; importing again changes nothing, and a run cut short resumes.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantOf, yearOf } from '../domain/calendar.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import {
  checkRecords,
  IMPORT_COLUMNS,
  readCsv,
  readXlsx,
  UnreadableFileError,
} from '../operations/import-file.js';
import { importOfficials } from '../operations/import.js';
import { demoActor, startApi, uniqueId, type ApiHarness } from './support/api.js';
import { daysAgo, daysAgoThisYear } from './support/import-dates.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const admin = demoActor('admin-gx');
const thisYear = yearOf(Date.now());

function csv(rows: Record<string, string>[]): string {
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [
    IMPORT_COLUMNS.join(','),
    ...rows.map((row) => IMPORT_COLUMNS.map((c) => cell(row[c] ?? '')).join(',')),
  ].join('\n');
}

const row = (overrides: Record<string, string> = {}): Record<string, string> => ({
  officialId: uniqueId('imp'),
  name: '覃海燕',
  email: 'qin.haiyan@example.gov.cn',
  post: 'team_member',
  village: 'gx/nanning/wuming/fucheng/lianhe',
  dispatchingUnit: '武鸣区农业农村局',
  birthDate: '1988-05-06',
  partyMember: 'full',
  workYears: '9',
  dispatchedOn: daysAgo(400), // month 14 of 24: in term year 2
  trainingsThisYear: daysAgoThisYear(20),
  healthCheckOn: daysAgoThisYear(10),
  healthCheckFit: 'yes',
  lastRatings: 'competent;outstanding',
  ...overrides,
});

const check = (text: string) => check2(readCsv(text));
const check2 = (records: Parameters<typeof checkRecords>[0]) =>
  checkRecords(records, { policy: DEFAULT_POLICY, now: Date.now(), source: 'region.csv' });

describe('importing officials already on post', () => {
  it('reports every bad row with its line and field, and imports nothing from such a file', async () => {
    const good = row();
    const text = csv([
      good,
      row({ dispatchedOn: '2026-02-30' }),
      row({ dispatchedOn: daysAgo(800) }),
      row({ village: 'gx/nanning', post: 'chief' }),
      row({ officialId: good.officialId! }),
      // Last calendar year's training; a health check without its result.
      row({
        dispatchedOn: `${thisYear - 1}-01-31`,
        trainingsThisYear: `${thisYear - 1}-12-31`,
        healthCheckOn: `${thisYear}-01-01`,
        healthCheckFit: '',
      }),
      row({ name: '李\u0000明' }),
    ]);
    const { rows, problems } = check(text);
    expect(rows.map((r) => r.line)).toEqual([2]);
    const byLine = (line: number) => problems.filter((p) => p.line === line).map((p) => p.field);
    expect(byLine(3)).toEqual(['dispatchedOn']);
    expect(problems.find((p) => p.line === 4)?.message).toContain('already ended');
    expect(byLine(5).sort()).toEqual(['post', 'village']);
    expect(problems.find((p) => p.line === 6)?.message).toContain('line 2');
    expect(byLine(7).sort()).toEqual(['healthCheckFit', 'trainingsThisYear']);
    expect(byLine(8)).toEqual(['name']);
    // The CLI writes nothing when problems is not empty: nothing reached the record.
    const { rowCount } = await api.pool.query('SELECT 1 FROM officials WHERE official_id = $1', [
      good.officialId,
    ]);
    expect(rowCount).toBe(0);
  });

  it('accepts the sample file in the repository as of the day it was written', () => {
    const text = readFileSync(new URL('../samples/officials-on-post.csv', import.meta.url), 'utf8');
    const { rows, problems } = checkRecords(readCsv(text), {
      policy: DEFAULT_POLICY,
      now: instantOf({ year: 2026, month: 12, day: 3 }, 12 * 3_600_000),
      source: 'officials-on-post.csv',
    });
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(3);
  });

  it('starts each row on duty at the month it reached, once, and resumes a run cut short', async () => {
    const file = [
      row(),
      row({
        dispatchedOn: daysAgo(100),
        trainingsThisYear: '',
        healthCheckOn: '',
        healthCheckFit: '',
      }),
      row(),
      row(),
    ];
    const { rows, problems } = check(csv(file));
    expect(problems).toEqual([]);
    const run = (part: typeof rows, withRecord?: { pool: typeof api.pool }) =>
      importOfficials({
        client: api.client,
        taskQueue: api.taskQueue,
        rows: part,
        policy: DEFAULT_POLICY,
        by: admin,
        ...withRecord,
      });
    // A first run that stopped after two rows, then the whole file, then again.
    expect(await run(rows.slice(0, 2))).toMatchObject({ started: 2, skipped: 0 });
    expect(await run(rows)).toMatchObject({ started: 2, skipped: 2 });
    expect(await run(rows)).toMatchObject({ started: 0, skipped: 4 });

    const ids = file.map((r) => r.officialId);
    const onRecord = await api.eventually(
      'four terms on duty in the record',
      () =>
        api.pool.query(
          `SELECT official_id, stage, snapshot FROM officials WHERE official_id = ANY($1) ORDER BY official_id`,
          [ids],
        ),
      (r) => r.rows.length === 4 && r.rows.every((o) => o.stage === 'on_duty'),
    );
    // On post for 400 days: the year that runs now (a calendar year, or with a
    // short first part joined to it) holds this year's training and health check.
    const first = onRecord.rows.find((o) => o.official_id === ids[0])!.snapshot;
    const now = first.years.at(-1);
    expect(now.startsAt).toBeLessThanOrEqual(Date.now());
    expect(now.endsAt).toBeGreaterThan(Date.now());
    expect(now.trainings).toHaveLength(1);
    expect(now.healthChecks).toEqual([expect.objectContaining({ fit: true })]);
    // Beside the record, rows already on it are skipped without a start.
    expect(await run(rows, { pool: api.pool })).toMatchObject({
      started: 0,
      skipped: 4,
      failed: 0,
    });
    const second = onRecord.rows.find((o) => o.official_id === ids[1])!.snapshot;
    expect(second.years).toHaveLength(1);
    expect(second.years[0].trainings).toEqual([]);

    const log = await api.pool.query(
      `SELECT official_id, action, reason FROM decision_log WHERE official_id = ANY($1) ORDER BY official_id, seq`,
      [ids],
    );
    for (const id of ids) {
      const entries = log.rows.filter((e) => e.official_id === id);
      expect(entries.filter((e) => e.action === 'imported_on_post')).toHaveLength(1);
      expect(entries.some((e) => e.action === 'screened' || e.action === 'request_filed')).toBe(
        false,
      );
      expect(entries.find((e) => e.action === 'imported_on_post')!.reason).toMatch(
        /^region\.csv:\d+$/,
      );
    }
    // On duty from the start: the township's inbox has no task for them yet,
    // and the county can record a training at once.
    const training = await api.post(`/api/officials/${ids[1]}/trainings`, 'org-wuming', {
      kind: 'county',
      title: '县级培训',
    });
    expect(training.status, JSON.stringify(training.body)).toBe(200);
  });

  it('checks a row on the calendar its term will run on: N calendar months, the calendar year running now', () => {
    const noon = (year: number, month: number, day: number) =>
      instantOf({ year, month, day }, 12 * 3_600_000);
    const checkAt = (now: number, rows: Record<string, string>[]) =>
      checkRecords(readCsv(csv(rows)), { policy: DEFAULT_POLICY, now, source: 'region.csv' });
    const problemsOf = (result: ReturnType<typeof checkAt>) =>
      result.problems.map((p) => [p.line, p.field, p.code, p.params]);
    const plain = { healthCheckOn: '', healthCheckFit: '' };

    // Dispatched on 31 January 2025 for 24 months, checked on 3 December 2026:
    // this year is calendar year 2026. 5 January 2026 is in it (by 30-day months
    // the term year would have begun on 26 January); 20 December 2025 is not.
    const december = checkAt(noon(2026, 12, 3), [
      row({ dispatchedOn: '2025-01-31', trainingsThisYear: '2025-12-20', ...plain }),
      row({
        dispatchedOn: '2025-01-31',
        trainingsThisYear: '2026-01-05',
        healthCheckOn: '2026-01-05',
        healthCheckFit: 'yes',
      }),
      row({
        dispatchedOn: '2025-01-31',
        trainingsThisYear: '2026-03-01',
        healthCheckOn: '2025-12-31',
        healthCheckFit: 'yes',
      }),
    ]);
    expect(problemsOf(december)).toEqual([
      [2, 'trainingsThisYear', 'outside_term_year', { from: '2026-01-01' }],
      [4, 'healthCheckOn', 'outside_term_year', { from: '2026-01-01' }],
    ]);
    expect(december.problems[0]!.message).toContain('calendar year running now, from 2026-01-01');
    expect(december.rows.map((r) => r.line)).toEqual([3]);

    // On 25 January 2027 the term runs to 31 January 2027 (24 calendar months;
    // 24 months of 30 days would have ended it on 21 January), and its 30 days
    // of 2027 join 2026: a training of March 2026 is still this year's. A
    // term dispatched on 24 January 2025 ended on 24 January 2027.
    const lastPart = checkAt(noon(2027, 1, 25), [
      row({ dispatchedOn: '2025-01-31', trainingsThisYear: '2026-03-01', ...plain }),
      row({ dispatchedOn: '2025-01-31', trainingsThisYear: '2025-12-31', ...plain }),
      row({ dispatchedOn: '2025-01-24', trainingsThisYear: '', ...plain }),
    ]);
    expect(problemsOf(lastPart)).toEqual([
      [3, 'trainingsThisYear', 'outside_term_year', { from: '2026-01-01' }],
      [4, 'dispatchedOn', 'term_ended', { months: 24 }],
    ]);

    // Dispatched on 15 October 2025: its 78 days of 2025 join 2026, so on
    // 1 June 2026 this year began on the day of dispatch. Dispatched on 30 June
    // 2025, its 185 days of 2025 are a year of their own: by 1 March 2026 a
    // training of November 2025 is last year's (by anniversaries it was this year's).
    const firstPart = checkAt(noon(2026, 6, 1), [
      row({ dispatchedOn: '2025-10-15', trainingsThisYear: '2025-11-10', ...plain }),
      row({ dispatchedOn: '2025-10-15', trainingsThisYear: '2025-10-14', ...plain }),
    ]);
    expect(problemsOf(firstPart)).toEqual([
      [3, 'trainingsThisYear', 'outside_term_year', { from: '2025-10-15' }],
    ]);
    const ownYear = checkAt(noon(2026, 3, 1), [
      row({ dispatchedOn: '2025-06-30', trainingsThisYear: '2025-11-01', ...plain }),
    ]);
    expect(problemsOf(ownYear)).toEqual([
      [2, 'trainingsThisYear', 'outside_term_year', { from: '2026-01-01' }],
    ]);
  });

  it('puts the trainings and health check the check accepted in the year the term counts as this year', async () => {
    // Dispatched on 31 January of last year: this year is this calendar year,
    // whatever day of it today is (the term's last 30 days join it).
    const firstOfYear = `${thisYear}-01-01`;
    const accepted = row({
      dispatchedOn: `${thisYear - 1}-01-31`,
      trainingsThisYear: firstOfYear,
      healthCheckOn: firstOfYear,
      healthCheckFit: 'yes',
    });
    const refused = {
      ...accepted,
      officialId: uniqueId('imp'),
      trainingsThisYear: `${thisYear - 1}-12-31`,
    };
    const { rows, problems } = check(csv([accepted, refused]));
    expect(problems.map((p) => [p.line, p.field, p.params])).toEqual([
      [3, 'trainingsThisYear', { from: firstOfYear }],
    ]);
    expect(
      await importOfficials({
        client: api.client,
        taskQueue: api.taskQueue,
        rows,
        policy: DEFAULT_POLICY,
        by: admin,
      }),
    ).toMatchObject({ started: 1, failed: 0 });
    const onRecord = await api.eventually(
      'the term on duty in the record',
      () =>
        api.pool.query(`SELECT stage, snapshot FROM officials WHERE official_id = $1`, [
          accepted.officialId,
        ]),
      (r) => r.rows.length === 1 && r.rows[0].stage === 'on_duty',
    );
    const years = onRecord.rows[0].snapshot.years;
    const start = instantOf({ year: thisYear, month: 1, day: 1 });
    expect(years.map((y: { calendarYear: number }) => y.calendarYear)).toEqual([
      thisYear - 1,
      thisYear,
    ]);
    expect(years[1]).toMatchObject({
      startsAt: start,
      trainings: [expect.objectContaining({ at: start })],
      healthChecks: [expect.objectContaining({ at: start, fit: true })],
    });
    expect(years[0]).toMatchObject({ trainings: [], healthChecks: [] });
  });

  it('reads a workbook into the same rows, numbered as the sheet numbers them', async () => {
    const sampleDay = instantOf({ year: 2026, month: 12, day: 3 }, 12 * 3_600_000);
    const options = { policy: DEFAULT_POLICY, now: sampleDay, source: 'sample' };
    const fromCsv = checkRecords(
      readCsv(readFileSync(new URL('../samples/officials-on-post.csv', import.meta.url), 'utf8')),
      options,
    );
    const fromXlsx = checkRecords(
      await readXlsx(readFileSync(new URL('../samples/officials-on-post.xlsx', import.meta.url))),
      options,
    );
    expect(fromXlsx.problems).toEqual([]);
    // The sample workbook holds its dates as date cells and its years as numbers.
    expect(fromXlsx.rows).toEqual(fromCsv.rows);
  });

  it("reports a workbook's bad rows by the sheet's row, past empty rows and typed cells", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('第一页');
    sheet.addRow([...IMPORT_COLUMNS]);
    const cells = (r: Record<string, string>) =>
      IMPORT_COLUMNS.map((column) =>
        column === 'dispatchedOn'
          ? new Date(`${r[column]}T00:00:00Z`)
          : column === 'workYears'
            ? Number(r[column])
            : r[column],
      );
    const good = row();
    sheet.addRow(cells(good)); // row 2
    sheet.addRow([]); // row 3: empty, skipped
    sheet.addRow(cells(row({ email: 'not-an-address', workYears: '75' }))); // row 4
    sheet.addRow(cells(row({ officialId: good.officialId!, healthCheckFit: 'maybe' }))); // row 5
    const records = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(records.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(records[0]!.record.dispatchedOn).toBe(good.dispatchedOn);
    const { rows, problems } = check2(records);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(problems.map((p) => [p.line, p.field, p.code])).toEqual([
      [4, 'email', 'bad_email'],
      [4, 'workYears', 'bad_number'],
      [5, 'healthCheckFit', 'bad_choice'],
    ]);
    // Once its shape is right, the same official twice is named with its first row.
    sheet.getRow(5).getCell(IMPORT_COLUMNS.indexOf('healthCheckFit') + 1).value = 'yes';
    const again = check2(await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer())));
    expect(again.problems.filter((p) => p.line === 5)).toEqual([
      expect.objectContaining({
        line: 5,
        field: 'officialId',
        code: 'duplicate',
        params: { line: 2 },
      }),
    ]);
  });

  it('refuses a file that is not a workbook as unreadable', async () => {
    await expect(readXlsx(Buffer.from('officialId,name\n1,2\n'))).rejects.toBeInstanceOf(
      UnreadableFileError,
    );
  });
});
