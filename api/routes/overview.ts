// The overview of a county or the region: figures by county, as JSON for the
// page and as Excel and CSV files. Who may see it is the permission table's
// (domain/permissions.ts OVERVIEW_PERMISSION); the figures are SQL over the
// record (api/overview.ts).
import { z } from 'zod';
import { OVERVIEW_PERMISSION, maySeeOverview } from '../../domain/permissions.js';
import type { Actor } from '../../domain/actors.js';
import type { ApiDeps } from '../deps.js';
import { forbidden } from '../errors.js';
import {
  EXPORT_LANGUAGES,
  exportLanguage,
  exportTables,
  toCsv,
  toXlsx,
} from '../overview-export.js';
import { OverviewSchema, loadOverview, shanghaiYearOf } from '../overview.js';
import { route, type ResponseDoc } from '../route.js';

// The pattern is the whole rule, so that the OpenAPI document says exactly
// what is accepted (a valid-looking year is never refused).
const YEAR_PATTERN = '^(20[0-9]{2}|2100)$';
const Year = z
  .string()
  .regex(new RegExp(YEAR_PATTERN), 'a calendar year from 2000 to 2100')
  .transform(Number)
  .optional()
  .openapi({
    type: 'string',
    pattern: YEAR_PATTERN,
    description:
      'the calendar year of the trainings and the evaluation round (default: this year, Asia/Shanghai)',
    example: '2026',
  });

const OverviewQuery = z.object({ year: Year }).strict();
const ExportQuery = z
  .object({
    year: Year,
    lang: z
      .enum(EXPORT_LANGUAGES)
      .optional()
      .openapi({ description: 'language of the titles; default: from Accept-Language, else zh' }),
  })
  .strict();
const ExportHeaders = z.object({
  'accept-language': z
    .string()
    .max(500)
    .optional()
    .openapi({ description: 'zh or en, when no lang is given', example: 'zh-CN,zh;q=0.9' }),
});

const REFUSED: ResponseDoc = { description: OVERVIEW_PERMISSION.refusal, codes: ['wrong_actor'] };
const FileSchema = z.string().openapi({ type: 'string', format: 'binary' });

function requireOverview(actor: Actor): void {
  if (!maySeeOverview(actor)) throw forbidden(OVERVIEW_PERMISSION.refusal);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function overviewRoutes(deps: ApiDeps) {
  const figures = async (actor: Actor, year: number | undefined) => {
    requireOverview(actor);
    const now = new Date();
    return loadOverview(deps.pool, actor, year ?? shanghaiYearOf(now), deps.policy, now);
  };
  /** The export's file name: ASCII for old clients, the county path kept readable. */
  const attachment = (actor: Actor, year: number, ext: string) => {
    const name = `zhucun-overview-${actor.jurisdiction.replace(/[^A-Za-z0-9-]+/g, '-')}-${year}.${ext}`;
    return `attachment; filename="${name}"`;
  };

  return [
    route({
      method: 'get',
      path: '/api/overview',
      operationId: 'getOverview',
      tag: 'overview',
      summary: 'Figures of your county (or of the region, by county)',
      description:
        'Officials by stage, overdue open tasks by kind, county-level trainings of the year against officials on post, the evaluation round against the outstanding quota, and reassignment cases by ground and age; all by county, for the county organization department (its county) and the regional administrator (the region).',
      query: OverviewQuery,
      responses: {
        200: { description: 'the figures', schema: OverviewSchema },
        403: REFUSED,
      },
      handler: async ({ query, actor }) => ({
        status: 200,
        body: await figures(actor, query.year),
      }),
    }),
    route({
      method: 'get',
      path: '/api/overview/export.xlsx',
      operationId: 'exportOverviewXlsx',
      tag: 'overview',
      summary: 'The overview as an Excel workbook, one sheet per figure',
      query: ExportQuery,
      headers: ExportHeaders,
      responses: {
        200: { description: 'the workbook', schema: FileSchema, contentType: XLSX },
        403: REFUSED,
      },
      handler: async ({ query, actor, headers }) => {
        const overview = await figures(actor, query.year);
        const language = exportLanguage(query.lang, headers?.['accept-language'] as string);
        const tables = exportTables(overview, language);
        return {
          status: 200,
          headers: {
            'content-type': XLSX,
            'content-disposition': attachment(actor, overview.year, 'xlsx'),
            'content-language': language === 'zh' ? 'zh-CN' : 'en',
            'cache-control': 'no-store',
          },
          body: await toXlsx(tables, `Zhucun ${actor.jurisdiction} ${overview.year}`),
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/overview/export.csv',
      operationId: 'exportOverviewCsv',
      tag: 'overview',
      summary: 'The overview as CSV (UTF-8 with BOM), the figures one after the other',
      description:
        'RFC 4180 (CRLF, quoted fields); a text cell that starts with = + - @ gets a leading apostrophe so that no spreadsheet runs it as a formula.',
      query: ExportQuery,
      headers: ExportHeaders,
      responses: {
        200: { description: 'the CSV file', schema: FileSchema, contentType: 'text/csv' },
        403: REFUSED,
      },
      handler: async ({ query, actor, headers }) => {
        const overview = await figures(actor, query.year);
        const language = exportLanguage(query.lang, headers?.['accept-language'] as string);
        return {
          status: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8; header=present',
            'content-disposition': attachment(actor, overview.year, 'csv'),
            'content-language': language === 'zh' ? 'zh-CN' : 'en',
            'cache-control': 'no-store',
          },
          body: toCsv(exportTables(overview, language)),
        };
      },
    }),
  ];
}
