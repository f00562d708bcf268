// The overview as files: an Excel workbook with one sheet per figure, and one
// CSV with the same tables one after the other. Column titles in Chinese or
// English; task kinds named by domain/task-titles.ts, the rest by the words here.
import ExcelJS from 'exceljs';
import { RATINGS } from '../domain/rating.js';
import { STAGES, TASK_KINDS } from '../domain/records.js';
import { TASK_KIND_TITLES } from '../domain/task-titles.js';
import { CASE_GROUND_LABELS, RATING_LABELS, STAGE_LABELS } from '../domain/labels.js';
import { CASE_AGES, type Overview } from './overview.js';
import { OVERVIEW_WORDS } from './overview-words.js';

export const EXPORT_LANGUAGES = ['zh', 'en'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

type Words = Record<string, string>;
/** Sheet names here; column words from their one home, shared with the page. */
const SHEETS: Record<ExportLanguage, Words> = {
  zh: {
    'sheet.officials': '干部阶段',
    'sheet.overdue': '逾期待办',
    'sheet.trainings': '年度培训',
    'sheet.evaluations': '年度考核',
    'sheet.cases': '调整案件',
    'sheet.teams': '驻村工作队',
  },
  en: {
    'sheet.officials': 'Officials by stage',
    'sheet.overdue': 'Overdue tasks',
    'sheet.trainings': 'Trainings',
    'sheet.evaluations': 'Evaluation',
    'sheet.cases': 'Reassignment cases',
    'sheet.teams': 'Village teams',
  },
};
const prefixed = <K extends string>(
  prefix: string,
  table: Record<K, Record<ExportLanguage, string>>,
  lang: ExportLanguage,
): Words =>
  Object.fromEntries(
    Object.entries<Record<ExportLanguage, string>>(table).map(([key, w]) => [
      `${prefix}${key}`,
      w[lang],
    ]),
  );
const WORDS: Record<ExportLanguage, Words> = Object.fromEntries(
  EXPORT_LANGUAGES.map((lang) => [
    lang,
    {
      ...SHEETS[lang],
      ...prefixed('', OVERVIEW_WORDS, lang),
      ...prefixed('stage.', STAGE_LABELS, lang),
      ...prefixed('rating.', RATING_LABELS, lang),
      ...prefixed('ground.', CASE_GROUND_LABELS, lang),
    },
  ]),
) as Record<ExportLanguage, Words>;

/** The language of an export: `lang` if given, else the first of Accept-Language we have, else Chinese. */
export function exportLanguage(
  lang: ExportLanguage | undefined,
  acceptLanguage?: string,
): ExportLanguage {
  if (lang) return lang;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.tag && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const primary = tag.split('-')[0];
    if (primary === 'zh' || primary === 'en') return primary;
  }
  return 'zh';
}

type Cell = string | number;
export interface ExportTable {
  /** The sheet's name (31 characters at most, as Excel allows). */
  name: string;
  header: string[];
  rows: Cell[][];
}

const percent = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;

/** The figures as tables: one per figure, a header row, then a row per county (and a total). */
export function exportTables(overview: Overview, language: ExportLanguage): ExportTable[] {
  const w = WORDS[language];
  const word = (key: string, vars: Record<string, string> = {}) =>
    (w[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
  const sum = <T>(rows: T[], f: (row: T) => number) => rows.reduce((n, r) => n + f(r), 0);
  const year = String(overview.year);

  const stages = overview.officialsByStage;
  const overdue = overview.overdueTasks;
  const trainings = overview.trainings;
  const evaluations = overview.evaluations.rows;
  const teams = overview.teams.rows;
  const quota = `${Math.round(overview.evaluations.quota * 100)}%`;
  return [
    {
      name: word('sheet.officials'),
      header: [word('county'), ...STAGES.map((s) => word(`stage.${s}`)), word('total')],
      rows: [
        ...stages.map((r) => [r.county, ...STAGES.map((s) => r.stages[s]), r.total]),
        [
          word('total'),
          ...STAGES.map((s) => sum(stages, (r) => r.stages[s])),
          sum(stages, (r) => r.total),
        ],
      ],
    },
    {
      name: word('sheet.overdue'),
      header: [
        word('county'),
        ...TASK_KINDS.map((k) => TASK_KIND_TITLES[k][language]),
        word('total'),
      ],
      rows: [
        ...overdue.map((r) => [r.county, ...TASK_KINDS.map((k) => r.kinds[k]), r.total]),
        [
          word('total'),
          ...TASK_KINDS.map((k) => sum(overdue, (r) => r.kinds[k])),
          sum(overdue, (r) => r.total),
        ],
      ],
    },
    {
      name: `${word('sheet.trainings')} ${year}`,
      header: [
        word('county'),
        word('onPost'),
        word('trained'),
        word('untrained'),
        word('share'),
        word('sessions'),
      ],
      rows: [
        ...trainings,
        {
          county: word('total'),
          onPost: sum(trainings, (r) => r.onPost),
          trained: sum(trainings, (r) => r.trained),
          sessions: sum(trainings, (r) => r.sessions),
        },
      ].map((r) => [
        r.county,
        r.onPost,
        r.trained,
        r.onPost - r.trained,
        percent(r.trained, r.onPost),
        r.sessions,
      ]),
    },
    {
      name: `${word('sheet.evaluations')} ${year}`,
      header: [
        word('county'),
        word('evaluated'),
        ...RATINGS.map((r) => word(`rating.${r}`)),
        word('unrated'),
        word('slots', { quota }),
        word('overQuota'),
      ],
      rows: evaluations.map((r) => [
        r.county,
        r.evaluated,
        ...RATINGS.map((rating) => r.ratings[rating]),
        r.unrated,
        r.outstandingSlots,
        word(r.overQuota ? 'yes' : 'no'),
      ]),
    },
    {
      name: word('sheet.teams'),
      header: [
        word('county'),
        word('villages'),
        word('understaffed', { size: String(overview.teams.minTeamSize) }),
        word('noFirstSecretary'),
      ],
      rows: [
        ...teams,
        {
          county: word('total'),
          villages: sum(teams, (r) => r.villages),
          understaffed: sum(teams, (r) => r.understaffed),
          noFirstSecretary: sum(teams, (r) => r.noFirstSecretary),
        },
      ].map((r) => [r.county, r.villages, r.understaffed, r.noFirstSecretary]),
    },
    {
      name: word('sheet.cases'),
      header: [
        word('county'),
        word('ground'),
        ...CASE_AGES.map((a) => word(`age.${a}`)),
        word('total'),
      ],
      rows: overview.cases.map((r) => [
        r.county,
        word(`ground.${r.ground}`),
        ...CASE_AGES.map((a) => r[a]),
        sum([...CASE_AGES], (a) => r[a]),
      ]),
    },
  ];
}

/**
 * A text cell a spreadsheet would run as a formula (= + - @, or a tab or
 * carriage return before one) is written with a leading apostrophe, as OWASP
 * advises against CSV injection; numbers stay numbers.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  const text = neutralizeFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a byte order mark (Excel reads Chinese right only with it), CRLF line ends. */
export function toCsv(tables: ExportTable[]): Buffer {
  const lines: string[] = [];
  tables.forEach((table, i) => {
    if (i > 0) lines.push('');
    lines.push(csvField(table.name));
    for (const row of [table.header, ...table.rows]) lines.push(row.map(csvField).join(','));
  });
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

export async function toXlsx(tables: ExportTable[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Zhucun';
  workbook.title = title;
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }],
    });
    sheet.addRow(table.header).font = { bold: true };
    // Text is never a formula here either: exceljs writes strings as strings,
    // but the same guard keeps a pasted-out cell harmless.
    for (const row of table.rows)
      sheet.addRow(row.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell) : cell)));
    sheet.columns.forEach((column, i) => {
      const longest = Math.max(
        ...[table.header, ...table.rows].map((r) => String(r[i] ?? '').length),
      );
      column.width = Math.min(Math.max(longest + 4, i === 0 ? 20 : 10), 40);
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
