// The generated region as the region's file of officials already on post
// (operations/import-file.ts's columns), and its import over the API as the
// regional administrator: check, import, follow the import, wait until every
// term is on the record. Used by `npm run bench:import` (real days) and
// `npm run simulate` (a compressed calendar).
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { signDemoToken } from '../api/demo.js';
import { dateKeyOf, DAY_MS, startOfYear, yearOf } from '../domain/calendar.js';
import { IMPORT_COLUMNS, XLSX_TYPE } from '../operations/import-file.js';
import type { Pool } from '../platform/db.js';
import { log, round, sleep } from './lib.js';
import { type Region, REGION_ADMIN } from './region.js';

const RATINGS = ['competent', 'outstanding', 'competent;outstanding', 'competent;competent', ''];

/** Where the file's dates fall: each row's days on post. */
export interface FileDates {
  /** The calendar's instant the file is written on ("today" in the file). */
  today: number;
  onPostDays(index: number): number;
  /** Every k-th checked row's last health check found them unfit (none when absent). */
  unfitEvery?: number;
}

/**
 * Row i of the region's file: this year's facts inside the days on post of
 * this calendar year, which the term's year running now always holds (a
 * short part year joined to it only makes that year longer).
 */
export function fileRow(region: Region, index: number, dates: FileDates): Record<string, string> {
  const official = region.official(index);
  const daysAgo = (n: number) => dateKeyOf(dates.today - n * DAY_MS);
  const onPostDays = dates.onPostDays(index);
  const daysThisYear = Math.floor((dates.today - startOfYear(yearOf(dates.today))) / DAY_MS);
  const inYear = Math.min(onPostDays, daysThisYear);
  const trained = inYear >= 2 && index % 3 !== 0;
  const checked = inYear >= 2 && index % 2 === 0;
  return {
    officialId: official.id,
    name: `干部${index}`,
    email: `off-${index}@bench.zhucun.local`,
    post: index % 4 === 0 ? 'first_secretary' : 'team_member',
    village: official.village,
    dispatchingUnit: `派出单位${index % 300}`,
    birthDate: `${1970 + (index % 30)}-0${1 + (index % 9)}-1${index % 10}`,
    partyMember: index % 4 === 0 ? 'full' : ['full', 'probationary', 'none'][index % 3]!,
    workYears: String(3 + (index % 25)),
    dispatchedOn: daysAgo(onPostDays),
    trainingsThisYear: trained ? daysAgo(Math.floor(inYear / 2)) : '',
    healthCheckOn: checked ? daysAgo(Math.floor(inYear / 3)) : '',
    // Unfit at the last check but on post: the import opens their case at once.
    healthCheckFit: checked ? (index % (dates.unfitEvery ?? Infinity) === 0 ? 'no' : 'yes') : '',
    lastRatings: RATINGS[index % RATINGS.length]!,
  };
}

export type FileFormat = 'csv' | 'xlsx';

export interface RegionFile {
  data: Buffer;
  type: string;
  name: string;
}

/** The file of officials 0 … rows-1, as CSV or as an Excel workbook. */
export async function regionFile(
  region: Region,
  rowCount: number,
  format: FileFormat,
  dates: FileDates,
): Promise<RegionFile> {
  const rows = Array.from({ length: rowCount }, (_, index) => fileRow(region, index, dates));
  const name = `region-${rowCount}.${format}`;
  if (format === 'csv') {
    const lines = [
      IMPORT_COLUMNS.join(','),
      ...rows.map((r) => IMPORT_COLUMNS.map((c) => r[c]).join(',')),
    ];
    return { data: Buffer.from(lines.join('\n') + '\n'), type: 'text/csv', name };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('officials');
  sheet.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) sheet.addRow(IMPORT_COLUMNS.map((c) => r[c]));
  return { data: Buffer.from(await workbook.xlsx.writeBuffer()), type: XLSX_TYPE, name };
}

export interface ImportRun {
  seconds: number;
  acceptedSeconds: number;
  /** GET /api/imports/:id at the end. */
  progress: {
    rowsStarted: number;
    rowsSkipped: number;
    rowsFailed: number;
    [field: string]: unknown;
  };
}

/** The regional administrator's side of an import, over the product's API. */
export class RegionImporter {
  private constructor(
    private readonly apiBaseUrl: string,
    private readonly token: string,
    private readonly file: RegionFile,
  ) {}

  static async as(apiBaseUrl: string, jwtSecret: string, file: RegionFile) {
    const token = await signDemoToken(REGION_ADMIN, jwtSecret, { expiresIn: '1d' });
    return new RegionImporter(apiBaseUrl, token, file);
  }

  private async call(method: string, path: string, body?: Buffer) {
    const res = await fetch(this.apiBaseUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body ? { 'content-type': this.file.type } : {}),
      },
      ...(body ? { body } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  /** POST /api/imports/check: throws unless every row fits; the seconds it took. */
  async check(): Promise<number> {
    const at = performance.now();
    const checked = await this.call(
      'POST',
      `/api/imports/check?name=${this.file.name}`,
      this.file.data,
    );
    const seconds = (performance.now() - at) / 1000;
    if (checked.status !== 200 || checked.body.problemCount !== 0)
      throw new Error(`check: ${checked.status} ${JSON.stringify(checked.body).slice(0, 500)}`);
    log(`check: ${checked.body.rowsFit} rows fit in ${round(seconds)} s`);
    return seconds;
  }

  /** POST /api/imports, then GET /api/imports/:id until it is no longer running. */
  async importOnce(): Promise<ImportRun> {
    const started = performance.now();
    const reply = await this.call('POST', `/api/imports?name=${this.file.name}`, this.file.data);
    if (reply.status !== 202)
      throw new Error(`import: ${reply.status} ${JSON.stringify(reply.body)}`);
    const accepted = (performance.now() - started) / 1000;
    let progress;
    let lastLogged = 0;
    for (;;) {
      progress = (await this.call('GET', `/api/imports/${reply.body.importId}`)).body;
      if (progress.status !== 'running') break;
      const done = progress.rowsStarted + progress.rowsSkipped + progress.rowsFailed;
      if (performance.now() - lastLogged > 10_000) {
        log(`import: ${done}/${progress.rowsTotal}`);
        lastLogged = performance.now();
      }
      await sleep(250);
    }
    return { seconds: (performance.now() - started) / 1000, acceptedSeconds: accepted, progress };
  }
}

/**
 * Waits until `terms` terms are on the record (each term's worker writes its
 * first record: on duty, its years, the log entry), or `budgetMs` has passed;
 * how many there are.
 */
export async function waitForTermsOnRecord(
  pool: Pool,
  terms: number,
  budgetMs: number,
): Promise<number> {
  const giveUpAt = performance.now() + budgetMs;
  for (;;) {
    const onRecord = Number((await pool.query(`SELECT count(*) AS n FROM officials`)).rows[0].n);
    if (onRecord >= terms || performance.now() > giveUpAt) return onRecord;
    await sleep(500);
  }
}
