// Importing officials already on post, for the regional administrator
// (domain/permissions.ts IMPORT_PERMISSION): the region's file (CSV or .xlsx,
// sent as the request body) is checked whole first, then imported in the
// background, its progress kept in PostgreSQL (operations/import-run.ts).
// Each row becomes a term whose workflow id is its official's, so importing
// the same file again, or again after a run was cut short, starts only what
// is missing.
import { z } from 'zod';
import { IMPORT_PERMISSION, mayImportOfficials } from '../../domain/permissions.js';
import type { Actor } from '../../domain/actors.js';
import {
  checkRecords,
  IMPORT_COLUMNS,
  PROBLEM_CODES,
  readFile,
  UnreadableFileError,
  XLSX_TYPE,
  type FileKind,
  type ImportProblem,
  type ImportRow,
} from '../../operations/import-file.js';
import {
  beginImport,
  importProgress,
  runImport,
  runningImportOf,
  sha256Of,
} from '../../operations/import-run.js';
import { policiesAt } from '../../platform/policies.js';
import type { ApiDeps } from '../deps.js';
import { conflict, forbidden, notFound, unprocessable } from '../errors.js';
import { route, type ResponseDoc, type Upload } from '../route.js';

/** 19,000 rows of CSV are about 4.5 MB; a workbook of them less. */
export const IMPORT_FILE_LIMIT = 8 * 1024 * 1024;
/** At most this many problems are listed; the counts cover all of them. */
const PROBLEMS_LISTED = 1_000;

const UPLOAD: Upload = {
  types: {
    'text/csv': 'UTF-8 CSV, a header row naming the columns',
    [XLSX_TYPE]: 'an Excel workbook: its first sheet, row 1 naming the columns',
  },
  limit: IMPORT_FILE_LIMIT,
};

const FileQuery = z
  .object({
    name: z
      .string()
      .regex(/^[^/\\\u0000-\u001f]{1,100}$/, 'a file name, 1-100 characters, no slashes')
      .optional()
      .openapi({
        description: "the file's name, kept in each term's log with the row's line",
        example: 'officials-on-post.xlsx',
      }),
  })
  .strict();

const ProblemSchema = z.object({
  line: z.number().int().openapi({
    description: "the file's line, or the sheet's row (the header is 1; 0: the file as a whole)",
  }),
  field: z.enum([...IMPORT_COLUMNS, 'row', 'file']),
  code: z.enum(PROBLEM_CODES),
  message: z.string().openapi({ description: 'in English' }),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const CheckReport = z.object({
  format: z.enum(['csv', 'xlsx']),
  rows: z.number().int().openapi({ description: 'rows read (the header not counted)' }),
  rowsFit: z.number().int(),
  badRows: z.number().int(),
  problemCount: z.number().int(),
  problems: z.array(ProblemSchema).openapi({
    description: `every problem, in the file's order (at most ${PROBLEMS_LISTED})`,
  }),
});

export const Started = z.object({
  importId: z.string(),
  rows: z.number().int(),
});

export const Progress = z.object({
  importId: z.string(),
  fileName: z.string(),
  startedBy: z.string(),
  status: z.enum(['running', 'done', 'failed', 'interrupted']).openapi({
    description:
      "'interrupted': the process importing it stopped; importing the same file again completes it",
  }),
  rowsTotal: z.number().int(),
  rowsStarted: z.number().int().openapi({ description: 'terms this import started' }),
  rowsSkipped: z
    .number()
    .int()
    .openapi({ description: 'rows whose term was already there (imported before)' }),
  rowsFailed: z.number().int(),
  failures: z.array(z.object({ line: z.number(), officialId: z.string(), message: z.string() })),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const ImportParams = z
  .object({ importId: z.string().regex(/^imp-[0-9a-f-]{36}$/, 'an import id') })
  .strict();

const REFUSED: ResponseDoc = { description: IMPORT_PERMISSION.refusal, codes: ['wrong_actor'] };

function requireImporter(actor: Actor): void {
  if (!mayImportOfficials(actor)) throw forbidden(IMPORT_PERMISSION.refusal);
}

const kindOf = (type: string): FileKind => (type === 'text/csv' ? 'csv' : 'xlsx');

interface Checked {
  format: FileKind;
  records: number;
  rows: ImportRow[];
  problems: ImportProblem[];
}

export function importRoutes(deps: ApiDeps) {
  const check = async (
    file: { data: Buffer; type: string },
    name: string,
    now: number,
  ): Promise<Checked & { policy: Awaited<ReturnType<typeof policiesAt>> }> => {
    const format = kindOf(file.type);
    const policies = await policiesAt(deps.pool, deps.policy, now);
    try {
      const records = await readFile(file.data, format);
      const checked = checkRecords(records, { policy: policies.policy, now, source: name });
      return { format, records: records.length, ...checked, policy: policies };
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      const problem: ImportProblem = {
        line: 0,
        field: 'file',
        code: 'unreadable',
        message: err.message,
      };
      return { format, records: 0, rows: [], problems: [problem], policy: policies };
    }
  };
  const reportOf = (checked: Checked) => ({
    format: checked.format,
    rows: checked.records,
    rowsFit: checked.rows.length,
    badRows: new Set(checked.problems.map((p) => p.line)).size,
    problemCount: checked.problems.length,
    problems: checked.problems.slice(0, PROBLEMS_LISTED),
  });
  const fileName = (name: string | undefined, format: FileKind) =>
    name ?? `upload.${format === 'csv' ? 'csv' : 'xlsx'}`;

  return [
    route({
      method: 'post',
      path: '/api/imports/check',
      operationId: 'checkImport',
      tag: 'imports',
      summary: 'Checks a file of officials already on post; writes nothing (region administrator)',
      description: `Every row is checked (columns: ${IMPORT_COLUMNS.join(', ')}); the answer lists each problem with its line (the sheet's row for a workbook), field and code. A file that cannot be read at all is one problem on line 0.`,
      query: FileQuery,
      upload: UPLOAD,
      idempotent: true,
      responses: {
        200: { description: 'the check report', schema: CheckReport },
        403: REFUSED,
      },
      handler: async ({ actor, query, file }) => {
        requireImporter(actor);
        const format = kindOf(file!.type);
        const checked = await check(file!, fileName(query.name, format), Date.now());
        return { status: 200, body: reportOf(checked) };
      },
    }),
    route({
      method: 'post',
      path: '/api/imports',
      operationId: 'startImport',
      tag: 'imports',
      summary: 'Imports a file of officials already on post (region administrator)',
      description:
        "The file is checked first; with any problem nothing is imported (422, the report in details). Otherwise each row becomes a term on duty at the month it has reached, started in the background: follow it with GET /api/imports/{importId}. A row whose official's term exists is skipped, so the same file imported again changes nothing and completes an import that was cut short.",
      query: FileQuery,
      upload: UPLOAD,
      idempotent: true,
      responses: {
        202: {
          description: 'the import started',
          schema: Started,
          headers: {
            Location: {
              description: "the import's progress",
              required: true,
              schema: { type: 'string', example: '/api/imports/imp-…' },
            },
          },
          links: {
            progress: {
              operationId: 'getImport',
              parameters: { importId: '$response.body#/importId' },
              description: "the import's progress",
            },
          },
        },
        403: REFUSED,
        409: {
          description: 'the same file is being imported now (details.importId names it)',
          codes: ['import_running'],
        },
        422: {
          description: 'the file has problems (details: the check report); nothing was imported',
          codes: ['file_has_problems'],
        },
      },
      handler: async ({ actor, query, file }) => {
        requireImporter(actor);
        const now = Date.now();
        const format = kindOf(file!.type);
        const name = fileName(query.name, format);
        const checked = await check(file!, name, now);
        if (checked.problems.length)
          throw unprocessable(
            'file_has_problems',
            `${checked.problems.length} problem(s) in ${reportOf(checked).badRows} row(s): nothing imported`,
            reportOf(checked),
          );
        const sha256 = sha256Of(file!.data);
        const running = await runningImportOf(deps.pool, sha256);
        if (running)
          throw conflict('import_running', `this file is being imported (${running.importId})`, {
            importId: running.importId,
          });
        const importId = await beginImport(
          deps.pool,
          { name, sha256, rows: checked.rows.length },
          actor,
        );
        // In the background: the page follows the import's row.
        runImport({
          pool: deps.pool,
          client: deps.client,
          taskQueue: deps.taskQueue,
          importId,
          rows: checked.rows,
          policy: checked.policy.policy,
          upcoming: checked.policy.upcoming,
          by: actor,
        }).catch((err: unknown) =>
          deps.log.error(
            { err },
            `import ${importId} stopped; importing the file again resumes it`,
          ),
        );
        return {
          status: 202,
          body: { importId, rows: checked.rows.length },
          headers: { Location: `/api/imports/${importId}` },
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/imports/:importId',
      operationId: 'getImport',
      tag: 'imports',
      summary: "An import's progress (region administrator)",
      params: ImportParams,
      responses: {
        200: { description: 'rows started, skipped as already there, failed', schema: Progress },
        403: REFUSED,
        404: { description: 'no such import', codes: ['not_found'] },
      },
      handler: async ({ actor, params }) => {
        requireImporter(actor);
        const progress = await importProgress(deps.pool, params.importId);
        if (!progress) throw notFound(`import ${params.importId}`);
        return { status: 200, body: progress };
      },
    }),
  ];
}
