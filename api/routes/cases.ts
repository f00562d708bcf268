// Reassignment cases as operators track them, and the hand-over checklist that
// the outgoing and incoming officials sign.
import type { Actor } from '../../domain/actors.js';
import { FACT_PERMISSIONS } from '../../domain/permissions.js';
import { signHandoverItem } from '../../workflows/messages.js';
import { actionsOnCase } from '../actions.js';
import { maySeeCase, subtreePattern } from '../access.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { UPDATE_UNAVAILABLE, route } from '../route.js';
import { sendUpdate } from '../updates.js';
import { caseView, type CaseRow } from '../rows.js';
import {
  CaseParams,
  CaseSchema,
  CasesPage,
  CasesQuery,
  CaseStatsQuery,
  CaseStatsSchema,
  DecisionResultSchema,
  EmptyBody,
  HandoverSignParams,
} from '../schemas.js';

/** WHERE clause of the cases an actor may see; placeholders from $1. */
function visibleTo(actor: Actor, params: unknown[]): string {
  if (actor.role === 'official') {
    params.push(actor.id);
    return `(c.official_id = $${params.length} OR c.record->'successorOfficialIds' ? $${params.length})`;
  }
  if (actor.role === 'screening_body') return 'FALSE'; // not their business (maySeeCase)
  params.push(actor.jurisdiction, subtreePattern(actor.jurisdiction));
  return `(c.village = $${params.length - 1} OR c.village LIKE $${params.length})`;
}

const NO_SUCH_CASE = { description: 'no such case in your jurisdiction', codes: ['not_found'] };

export function caseRoutes(deps: ApiDeps) {
  const { pool } = deps;

  /** A case the actor may see; anyone else's is as unknown as none (404). */
  async function loadCase(actor: Actor, caseId: string): Promise<CaseRow> {
    const { rows } = await pool.query<CaseRow>('SELECT * FROM cases WHERE case_id = $1', [caseId]);
    const c = rows[0];
    if (!c || !maySeeCase(actor, c)) throw notFound(`case ${caseId}`);
    return c;
  }

  return [
    route({
      method: 'get',
      path: '/api/cases',
      operationId: 'listCases',
      tag: 'cases',
      summary: 'Reassignment cases in your jurisdiction',
      query: CasesQuery,
      responses: {
        200: {
          description: 'a page of cases, oldest open first',
          schema: CasesPage,
          links: {
            firstCase: {
              operationId: 'getCase',
              parameters: { caseId: '$response.body#/items/0/caseId' },
              description: 'the first case of the page',
            },
          },
        },
      },
      handler: async ({ query, actor }) => {
        const params: unknown[] = [];
        const where = [visibleTo(actor, params)];
        const add = (sql: (p: string) => string, v: unknown) => {
          params.push(v);
          where.push(sql(`$${params.length}`));
        };
        if (query.status === 'open') where.push('c.closed_at IS NULL');
        else if (query.status) add((p) => `c.status = ${p}`, query.status);
        if (query.ground) add((p) => `${p} = ANY (c.grounds)`, query.ground);
        if (query.county) add((p) => `c.county = ${p}`, query.county);
        if (query.overdue !== undefined) {
          where.push(
            query.overdue
              ? '(c.closed_at IS NULL AND c.due_at < now())'
              : 'NOT (c.closed_at IS NULL AND c.due_at IS NOT NULL AND c.due_at < now())',
          );
        }
        const filter = where.join(' AND ');
        const total = await pool.query<{ n: number }>(
          `SELECT count(*) AS n FROM cases c WHERE ${filter}`,
          params,
        );
        params.push(query.limit, (query.page - 1) * query.limit);
        const { rows } = await pool.query<CaseRow>(
          `SELECT c.* FROM cases c WHERE ${filter} ORDER BY (c.closed_at IS NULL) DESC, c.opened_at, c.case_id
           LIMIT $${params.length - 1} OFFSET $${params.length}`,
          params,
        );
        const now = Date.now();
        return {
          status: 200,
          body: {
            items: rows.map((r) => caseView(r, now)),
            total: total.rows[0]!.n,
            page: query.page,
            limit: query.limit,
          },
        };
      },
    }),

    route({
      method: 'get',
      path: '/api/cases/stats',
      operationId: 'getCaseStats',
      tag: 'cases',
      summary: 'Open and closed cases, median days to close, by ground',
      query: CaseStatsQuery,
      responses: {
        200: { description: 'the figures for your jurisdiction', schema: CaseStatsSchema },
      },
      handler: async ({ query, actor }) => {
        const params: unknown[] = [];
        const where = [visibleTo(actor, params)];
        if (query.county) {
          params.push(query.county);
          where.push(`c.county = $${params.length}`);
        }
        const filter = where.join(' AND ');
        const [totals, byGround] = await Promise.all([
          pool.query<{ open: number; closed: number; overdue: number; median_days: number | null }>(
            `SELECT count(*) FILTER (WHERE c.closed_at IS NULL) AS open,
                    count(*) FILTER (WHERE c.closed_at IS NOT NULL) AS closed,
                    count(*) FILTER (WHERE c.closed_at IS NULL AND c.due_at < now()) AS overdue,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.opened_at) / 86400)
                      FILTER (WHERE c.closed_at IS NOT NULL) AS median_days
             FROM cases c WHERE ${filter}`,
            params,
          ),
          pool.query<{ ground: string; open: number; closed: number }>(
            `SELECT g AS ground, count(*) FILTER (WHERE c.closed_at IS NULL) AS open, count(*) FILTER (WHERE c.closed_at IS NOT NULL) AS closed
             FROM cases c, unnest(c.grounds) AS g WHERE ${filter} GROUP BY g ORDER BY g`,
            params,
          ),
        ]);
        const t = totals.rows[0]!;
        return {
          status: 200,
          body: {
            open: t.open,
            closed: t.closed,
            overdue: t.overdue,
            medianDaysToClose:
              t.median_days === null ? null : Math.round(Number(t.median_days) * 100) / 100,
            byGround: byGround.rows,
          },
        };
      },
    }),

    route({
      method: 'get',
      path: '/api/cases/:caseId',
      operationId: 'getCase',
      tag: 'cases',
      summary: 'One reassignment case, with its hand-over checklist',
      params: CaseParams,
      responses: {
        200: { description: 'the case', schema: CaseSchema },
        404: NO_SUCH_CASE,
      },
      handler: async ({ params, actor }) => {
        const c = await loadCase(actor, params.caseId);
        const view = caseView(c);
        const handover = (
          c.record as { handover?: { outgoingOfficialId: string; incomingOfficialId: string } }
        ).handover;
        return {
          status: 200,
          body: { ...view, actions: actionsOnCase(actor, { village: c.village, handover }) },
        };
      },
    }),

    route({
      method: 'post',
      path: '/api/cases/:caseId/handover/:item/sign',
      operationId: 'signHandoverItem',
      tag: 'cases',
      summary: 'Sign one hand-over item (the outgoing or the incoming official)',
      params: HandoverSignParams,
      body: EmptyBody,
      idempotent: true,
      responses: {
        200: { description: 'signed', schema: DecisionResultSchema },
        403: {
          description: FACT_PERMISSIONS.signHandoverItem.refusal,
          codes: ['wrong_actor'],
        },
        404: NO_SUCH_CASE,
        409: {
          description: 'no hand-over running, already signed, or the term has ended',
          codes: ['wrong_stage', 'already_decided', 'term_closed'],
        },
        422: { description: 'refused by a rule', codes: ['rule_refused'] },
        503: UPDATE_UNAVAILABLE,
      },
      handler: async ({ params, actor, idempotencyKey }) => {
        // Visibility is the API's (404); who signs and when is the workflow's
        // (domain/permissions.ts signHandoverItem, refused with 403 or 409).
        const c = await loadCase(actor, params.caseId);
        const result = await sendUpdate(
          deps,
          c.term_id,
          signHandoverItem,
          { actor, item: params.item },
          { actor, idempotencyKey },
        );
        return { status: 200, body: result };
      },
    }),
  ];
}
