// What operators need to trust the record: reconciliation of every term's
// record with its workflow (the region administrator), the terms whose record
// write was refused (their county and the administrator), and the
// administrator's retry of a refused write once its cause is mended.
import { z } from 'zod';
import { isWithin } from '../../domain/actors.js';
import { reconcile } from '../../operations/reconcile.js';
import { retryRecordWrite } from '../../workflows/messages.js';
import { requireRoleOver, subtreePattern } from '../access.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { UPDATE_UNAVAILABLE, route } from '../route.js';
import { DecisionResultSchema, EmptyBody, OfficialParams } from '../schemas.js';
import { FACT_PERMISSIONS } from '../../domain/permissions.js';
import { sendUpdate } from '../updates.js';

const ReconcileQuery = z
  .object({
    under: z
      .string()
      .max(200)
      .regex(/^[a-z0-9-]+(\/[a-z0-9-]+){0,4}$/, 'a jurisdiction path, e.g. gx/nanning/wuming')
      .optional()
      .openapi({ description: 'only terms in this jurisdiction' }),
  })
  .strict();

export const ReconcileReportSchema = z.object({
  checked: z.number().int(),
  differences: z.array(
    z.object({
      termId: z.string(),
      officialId: z.string().optional(),
      field: z.string(),
      workflow: z.unknown(),
      record: z.unknown(),
    }),
  ),
  startedAt: z.string(),
  millis: z.number(),
});

export const IncidentsSchema = z.object({
  items: z.array(
    z.object({
      termId: z.string(),
      officialId: z.string(),
      officialName: z
        .string()
        .optional()
        .openapi({ description: "the official's name, from the record" }),
      county: z.string(),
      village: z.string(),
      batchSeq: z.number().int(),
      problem: z.string(),
      at: z.string(),
    }),
  ),
});

interface IncidentRow {
  term_id: string;
  official_id: string;
  county: string;
  village: string;
  batch_seq: number;
  problem: string;
  at: Date;
  /** Joined from officials, in the list. */
  official_name?: string | null;
}

export function operationRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get',
      path: '/api/admin/reconcile',
      operationId: 'reconcileRecords',
      tag: 'operations',
      summary: "Compares every term's record with its workflow and lists each difference",
      description:
        'Queries each term in the jurisdiction: minutes at region scale. An empty list means the record says what the workflows say.',
      query: ReconcileQuery,
      responses: {
        200: { description: 'the report', schema: ReconcileReportSchema },
        403: {
          description: FACT_PERMISSIONS.retryRecordWrite.refusal,
          codes: ['wrong_actor'],
        },
      },
      handler: async ({ query, actor }) => {
        const under = query.under ?? actor.jurisdiction;
        requireRoleOver(actor, ['region_admin'], under, 'run reconciliation');
        const report = await reconcile({ client: deps.client, pool: deps.pool, under });
        return { status: 200, body: report };
      },
    }),
    route({
      method: 'get',
      path: '/api/record-incidents',
      operationId: 'listRecordIncidents',
      tag: 'operations',
      summary: 'Terms whose record write was refused and that wait for an administrator',
      responses: {
        200: { description: 'open incidents, oldest first', schema: IncidentsSchema },
        403: {
          description: 'not a county organization department or the administrator',
          codes: ['wrong_actor'],
        },
      },
      handler: async ({ actor }) => {
        requireRoleOver(
          actor,
          ['county_org', 'region_admin'],
          actor.jurisdiction,
          'see record incidents',
        );
        const { rows } = await deps.pool.query<IncidentRow>(
          `SELECT i.*, o.name AS official_name FROM record_incidents i
             LEFT JOIN officials o ON o.term_id = i.term_id
            WHERE i.resolved_at IS NULL AND (i.county = $1 OR i.county LIKE $2)
            ORDER BY i.at, i.term_id LIMIT 500`,
          [actor.jurisdiction, subtreePattern(actor.jurisdiction)],
        );
        return {
          status: 200,
          body: {
            items: rows.map((row) => ({
              termId: row.term_id,
              officialId: row.official_id,
              ...(row.official_name ? { officialName: row.official_name } : {}),
              county: row.county,
              village: row.village,
              batchSeq: row.batch_seq,
              problem: row.problem,
              at: row.at.toISOString(),
            })),
          },
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/officials/:officialId/record/retry',
      operationId: 'retryRecordWrite',
      tag: 'operations',
      summary: "Writes a term's refused record batch again, once its cause is mended",
      params: OfficialParams,
      body: EmptyBody,
      idempotent: true,
      responses: {
        200: { description: 'the record is written again', schema: DecisionResultSchema },
        403: {
          description: FACT_PERMISSIONS.retryRecordWrite.refusal,
          codes: ['wrong_actor'],
        },
        404: { description: 'no such official, or no refused write', codes: ['not_found'] },
        409: { description: 'the record is not blocked', codes: ['wrong_stage'] },
        503: UPDATE_UNAVAILABLE,
      },
      handler: async ({ params, actor, idempotencyKey }) => {
        const { rows } = await deps.pool.query<IncidentRow>(
          'SELECT * FROM record_incidents WHERE official_id = $1 AND resolved_at IS NULL LIMIT 1',
          [params.officialId],
        );
        const incident = rows[0];
        if (!incident || !isWithin(actor.jurisdiction, incident.village))
          throw notFound(`a refused record write of official ${params.officialId}`);
        // Who may retry is the workflow's to say (its validator refuses with 403).
        const result = await sendUpdate(
          deps,
          incident.term_id,
          retryRecordWrite,
          { actor },
          { actor, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) },
        );
        return { status: 200, body: result };
      },
    }),
  ];
}
