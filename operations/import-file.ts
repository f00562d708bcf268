// The region's file of officials already on post, checked before anything is
// written: one row per official (CSV, UTF-8, a header row; an Excel sheet is
// read into the same rows). Every bad row is reported with its line and
// field; a file with any bad row imports nothing.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { instantOf, yearOf } from '../domain/calendar.js';
import type { OnPostFacts } from '../domain/on-post.js';
import { monthMs } from '../domain/policy-defaults.js';
import type { Policy } from '../domain/policy.js';
import { CandidateProfileSchema, type CandidateProfile } from '../domain/profile.js';

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

export interface ImportProblem {
  /** Line in the file (the header is line 1). */
  line: number;
  field: ImportColumn | 'row';
  message: string;
}

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

const day = (text: string): number => {
  const [year, month, dayOfMonth] = text.split('-').map(Number) as [number, number, number];
  return instantOf({ year, month, day: dayOfMonth });
};

/** Reads CSV text into records keyed by column, with their line numbers. */
export function readCsv(text: string): { line: number; record: Record<string, string> }[] {
  const records = parse(text, {
    bom: true,
    columns: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  return records.map(({ record, info }) => ({ line: info.lines, record }));
}

/**
 * Checks every record; the rows are importable only if `problems` is empty.
 * `now` decides which term year is "this year" and which terms have ended.
 */
export function checkRecords(
  records: { line: number; record: Record<string, string> }[],
  options: { policy: Policy; now: number; source: string },
): { rows: ImportRow[]; problems: ImportProblem[] } {
  const { policy, now, source } = options;
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const month = monthMs(policy);
  for (const { line, record } of records) {
    const missing = IMPORT_COLUMNS.filter((column) => !(column in record));
    if (missing.length) {
      for (const column of missing)
        problems.push({ line, field: column, message: 'missing column' });
      continue;
    }
    const parsed = RowSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({
          line,
          field: (issue.path[0] as ImportColumn | undefined) ?? 'row',
          message: issue.message,
        });
      continue;
    }
    const row = parsed.data;
    const rowProblems: ImportProblem[] = [];
    const problem = (field: ImportColumn, message: string) =>
      rowProblems.push({ line, field, message });
    const earlier = seen.get(row.officialId);
    if (earlier !== undefined) problem('officialId', `the same official as line ${earlier}`);
    else seen.set(row.officialId, line);

    const dispatchedAt = day(row.dispatchedOn);
    const termEnd = dispatchedAt + policy.termMonths * month;
    if (dispatchedAt > now) problem('dispatchedOn', 'is in the future');
    else if (termEnd <= now)
      problem('dispatchedOn', `the ${policy.termMonths}-month term has already ended`);
    const monthsDone = Math.max(0, Math.floor((now - dispatchedAt) / month));
    const yearStart = dispatchedAt + Math.floor(monthsDone / 12) * 12 * month;
    const inThisYear = (at: number) => at >= yearStart && at <= now;
    const trainings = row.trainingsThisYear.map(day);
    if (trainings.some((at) => !inThisYear(at)))
      problem(
        'trainingsThisYear',
        'a date outside this term year (from the last anniversary of dispatch to today)',
      );
    let healthCheck: OnPostFacts['healthCheck'];
    if (row.healthCheckOn) {
      const at = day(row.healthCheckOn);
      if (!inThisYear(at)) problem('healthCheckOn', 'outside this term year');
      if (!row.healthCheckFit) problem('healthCheckFit', 'yes or no, with a health check date');
      healthCheck = { at, fit: row.healthCheckFit === 'yes' };
    } else if (row.healthCheckFit) problem('healthCheckOn', 'a date is needed with healthCheckFit');
    if (yearOf(day(row.birthDate)) > yearOf(now) - 18) problem('birthDate', 'younger than 18');
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
