// The region's file of officials already on post, checked before anything is
// written: one row per official (CSV, UTF-8, a header row; or the first sheet
// of an Excel workbook, read into the same rows with the sheet's row numbers).
// Every bad row is reported with its line, field and a code the page words in
// its language; a file with any bad row imports nothing.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import {
  dateKeyOf,
  DAY_MS,
  fromCalendar,
  instantOf,
  toCalendar,
  yearOf,
} from '../domain/calendar.js';
import type { OnPostFacts } from '../domain/on-post.js';
import type { Policy } from '../domain/policy.js';
import { CandidateProfileSchema, type CandidateProfile } from '../domain/profile.js';
import { adoptedTermAt } from '../workflows/term/on-post.js';

/** The columns, in the order the sample file has them. */
export const IMPORT_COLUMNS = [
  'officialId',
  'name',
  'email',
  'post',
  'village',
  'dispatchingUnit',
  'birthDate',
  'partyMember',
  'workYears',
  'dispatchedOn',
  'trainingsThisYear',
  'healthCheckOn',
  'healthCheckFit',
  'lastRatings',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** What is wrong with a field, for the page to word (web/words/import.js). */
export const PROBLEM_CODES = [
  'missing_column',
  'bad_text',
  'bad_id',
  'bad_email',
  'bad_choice',
  'bad_village',
  'bad_date',
  'bad_number',
  'duplicate',
  'in_future',
  'term_ended',
  'outside_term_year',
  'fit_needed',
  'date_needed',
  'too_young',
  'unreadable',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface ImportProblem {
  /** Line in the file, or row of the sheet (the header is line 1; 0: the file as a whole). */
  line: number;
  field: ImportColumn | 'row' | 'file';
  code: ProblemCode;
  /** In English, for the CLI and the log. */
  message: string;
  /** What the page's words interpolate (the earlier line, the term's months). */
  params?: Record<string, string | number>;
}

/** A file that cannot be read as rows at all (not CSV, not a workbook). */
export class UnreadableFileError extends Error {}

/** The code of a field whose shape is wrong (the row schema's refusal). */
const SHAPE_CODES: Record<ImportColumn, ProblemCode> = {
  officialId: 'bad_id',
  name: 'bad_text',
  email: 'bad_email',
  post: 'bad_choice',
  village: 'bad_village',
  dispatchingUnit: 'bad_text',
  birthDate: 'bad_date',
  partyMember: 'bad_choice',
  workYears: 'bad_number',
  dispatchedOn: 'bad_date',
  trainingsThisYear: 'bad_date',
  healthCheckOn: 'bad_date',
  healthCheckFit: 'bad_choice',
  lastRatings: 'bad_choice',
};

export interface ImportRow {
  line: number;
  profile: CandidateProfile;
  onPost: OnPostFacts;
}

const profile = CandidateProfileSchema.shape;
const date = z.iso.date('a date, YYYY-MM-DD');
const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((text) =>
      text
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const RowSchema = z.object({
  officialId: profile.officialId,
  name: profile.name,
  email: profile.email,
  post: profile.post,
  village: profile.village,
  dispatchingUnit: profile.dispatchingUnit,
  birthDate: profile.birthDate,
  partyMember: profile.partyMember,
  workYears: z.coerce.number('a number of years').pipe(profile.workYears),
  dispatchedOn: date,
  trainingsThisYear: list(date),
  healthCheckOn: z.union([z.literal(''), date]),
  healthCheckFit: z.enum(['', 'yes', 'no'], 'yes, no or empty'),
  lastRatings: list(
    z.enum(['outstanding', 'competent', 'basically_competent', 'incompetent']),
  ).pipe(profile.lastRatings),
});

/**
 * The file's dates are days of the policy's calendar: of Shanghai's, or, for a
 * compressed policy with a clock (the simulated region year), of the virtual
 * calendar its clock maps the run onto. A date becomes the run's instant of
 * that day's midnight, and `now` is read on the same calendar.
 */
function fileCalendar(policy: Policy) {
  const clock =
    policy.dayMs !== DAY_MS && policy.clock ? { ...policy.clock, dayMs: policy.dayMs } : undefined;
  return {
    day: (text: string): number => {
      const [year, month, dayOfMonth] = text.split('-').map(Number) as [number, number, number];
      const midnight = instantOf({ year, month, day: dayOfMonth });
      return clock ? fromCalendar(clock, midnight) : midnight;
    },
    yearOf: (ms: number): number => yearOf(clock ? toCalendar(clock, ms) : ms),
    dateKey: (ms: number): string => dateKeyOf(clock ? toCalendar(clock, ms) : ms),
  };
}

export interface FileRecord {
  line: number;
  record: Record<string, string>;
}

/** Reads CSV text into records keyed by column, with their line numbers. */
export function readCsv(text: string): FileRecord[] {
  let records;
  try {
    records = parse(text, {
      bom: true,
      columns: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (err) {
    throw new UnreadableFileError(`not a CSV file: ${(err as Error).message}`);
  }
  return records.map(({ record, info }) => ({ line: info.lines, record }));
}

const two = (n: number) => String(n).padStart(2, '0');

/** A cell as the text a CSV would hold: a date cell as its day, a formula as its result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date)
    // Excel's dates have no zone; exceljs reads them as UTC midnight.
    return `${value.getUTCFullYear()}-${two(value.getUTCMonth() + 1)}-${two(value.getUTCDate())}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

/**
 * Reads the first sheet of an .xlsx workbook into the same records as a CSV:
 * row 1 names the columns, each later row that is not empty is a record, and
 * its line is the sheet's row number.
 */
export async function readXlsx(data: Buffer | Uint8Array): Promise<FileRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    throw new UnreadableFileError(`not an .xlsx workbook: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UnreadableFileError('the workbook has no sheet');
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
    header[column] = cellText(cell.value).trim();
  });
  const records: FileRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const record: Record<string, string> = {};
    header.forEach((name, column) => {
      if (name) record[name] = cellText(row.getCell(column).value).trim();
    });
    if (Object.values(record).some(Boolean)) records.push({ line, record });
  });
  return records;
}

/** The file's kind, from its content type or, failing that, its name. */
export type FileKind = 'csv' | 'xlsx';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Reads a file of either kind into records. */
export async function readFile(data: Buffer, kind: FileKind): Promise<FileRecord[]> {
  if (kind === 'xlsx') return readXlsx(data);
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return readCsv(text.decode(data));
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError('the CSV file is not UTF-8 text');
  }
}

/**
 * Checks every record; the rows are importable only if `problems` is empty.
 * `now` decides which terms have ended and which year is "this year": the
 * term's calendar year running now (a short part year joined to it), as the
 * imported term will count it (workflows/term/on-post.ts, adoptedTermAt).
 */
export function checkRecords(
  records: FileRecord[],
  options: { policy: Policy; now: number; source: string },
): { rows: ImportRow[]; problems: ImportProblem[] } {
  const { policy, now, source } = options;
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const { day, yearOf: calendarYearOf, dateKey } = fileCalendar(policy);
  for (const { line, record } of records) {
    const missing = IMPORT_COLUMNS.filter((column) => !(column in record));
    if (missing.length) {
      for (const column of missing)
        problems.push({ line, field: column, code: 'missing_column', message: 'missing column' });
      continue;
    }
    const parsed = RowSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as ImportColumn | undefined;
        problems.push({
          line,
          field: field ?? 'row',
          code: field ? SHAPE_CODES[field] : 'bad_text',
          message: issue.message,
        });
      }
      continue;
    }
    const row = parsed.data;
    const rowProblems: ImportProblem[] = [];
    const problem = (
      field: ImportColumn,
      code: ProblemCode,
      message: string,
      params?: ImportProblem['params'],
    ) => rowProblems.push({ line, field, code, message, ...(params ? { params } : {}) });
    const earlier = seen.get(row.officialId);
    if (earlier !== undefined)
      problem('officialId', 'duplicate', `the same official as line ${earlier}`, {
        line: earlier,
      });
    else seen.set(row.officialId, line);

    const dispatchedAt = day(row.dispatchedOn);
    // A term of N months ends N calendar months after dispatch (31 January + 1 = end of February).
    const term = adoptedTermAt(policy, dispatchedAt, now);
    const onPost = dispatchedAt <= now && term.endsAt > now;
    if (dispatchedAt > now) problem('dispatchedOn', 'in_future', 'is in the future');
    else if (!onPost)
      problem(
        'dispatchedOn',
        'term_ended',
        `the ${policy.termMonths}-month term has already ended`,
        { months: policy.termMonths },
      );
    // Only a term on post has a year running now; its dispatch date is reported otherwise.
    const thisYear = onPost ? term.thisYear : undefined;
    const inThisYear = (at: number) => !thisYear || (at >= thisYear.startsAt && at <= now);
    const outsideYear = (field: 'trainingsThisYear' | 'healthCheckOn') => {
      const from = dateKey(thisYear!.startsAt);
      problem(
        field,
        'outside_term_year',
        `a date outside this term year: the calendar year running now, from ${from} to today`,
        { from },
      );
    };
    const trainings = row.trainingsThisYear.map(day);
    if (trainings.some((at) => !inThisYear(at))) outsideYear('trainingsThisYear');
    let healthCheck: OnPostFacts['healthCheck'];
    if (row.healthCheckOn) {
      const at = day(row.healthCheckOn);
      if (!inThisYear(at)) outsideYear('healthCheckOn');
      if (!row.healthCheckFit)
        problem('healthCheckFit', 'fit_needed', 'yes or no, with a health check date');
      healthCheck = { at, fit: row.healthCheckFit === 'yes' };
    } else if (row.healthCheckFit)
      problem('healthCheckOn', 'date_needed', 'a date is needed with healthCheckFit');
    if (calendarYearOf(day(row.birthDate)) > calendarYearOf(now) - 18)
      problem('birthDate', 'too_young', 'younger than 18');
    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    rows.push({
      line,
      profile: {
        officialId: row.officialId,
        name: row.name,
        email: row.email,
        post: row.post,
        village: row.village,
        dispatchingUnit: row.dispatchingUnit,
        birthDate: row.birthDate,
        partyMember: row.partyMember,
        workYears: row.workYears,
        lastRatings: row.lastRatings,
        lastHealthCheck: healthCheck ? { date: row.healthCheckOn, fit: healthCheck.fit } : null,
        // Screened and vetted when they were dispatched, before the system.
        underInvestigation: false,
        sanctioned: false,
        formalPost: true,
        willingnessSigned: true,
      },
      onPost: {
        dispatchedAt,
        trainingsThisYear: trainings,
        ...(healthCheck ? { healthCheck } : {}),
        source: `${source}:${line}`,
      },
    });
  }
  return { rows, problems };
}
