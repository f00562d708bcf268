// Officials as the system of record shows them (PostgreSQL, not the workflow),
// their decision log with its hash chain, and the facts bodies report on them.
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../domain/actors.js';
import { FACT_PERMISSIONS, mayVoidFact, type FactAction } from '../../domain/permissions.js';
import type { OfficialSnapshot } from '../../domain/records.js';
import { verifyChain, type DecisionLogRow } from '../../domain/record-chain.js';
import {
  fileRequest,
  requestOwnRecall,
  recordHealthCheck,
  recordRecallException,
  recordSpotCheckAbsence,
  recordTraining,
  reportAttendance,
  reportReturnFromLeave,
  requestLeave,
  voidFact,
} from '../../workflows/messages.js';
import type { DecisionResult } from '../../workflows/views.js';
import {
  bodiesOfRequests,
  holdsRequestSql,
  loadVisibleOfficial,
  maySeeCase,
  maySeeTaskOfTerm,
  subtreePattern,
  timelineFor,
} from '../access.js';
import type { ApiDeps } from '../deps.js';
import type { Pool } from '../../platform/db.js';
import { UPDATE_UNAVAILABLE, route, type RouteDef } from '../route.js';
import { sendUpdate } from '../updates.js';
import { taskViews } from '../task-views.js';
import { actionsOnOfficial } from '../actions.js';
import {
  caseView,
  logEntryView,
  officialSummary,
  type CaseRow,
  type OfficialRow,
  type TaskRow,
} from '../rows.js';
import {
  AbsenceBody,
  AttendanceReportBody,
  ChainVerdictSchema,
  CorrectionBody,
  DecisionResultSchema,
  EmptyBody,
  HealthCheckBody,
  LeaveBody,
  OfficialDetail,
  OfficialParams,
  OfficialTasksPage,
  OfficialTasksQuery,
  OfficialsPage,
  OfficialsQuery,
  OwnRecallBody,
  RecallExceptionBody,
  RequestBody,
  TrainingBody,
} from '../schemas.js';
import type { z } from 'zod';

function factRoute<B extends z.ZodType, Arg>(
  deps: ApiDeps,
  spec: {
    path: string;
    operationId: string;
    summary: string;
    /** The rows of the permission table the workflow applies (403 for anyone else). */
    actions: readonly FactAction[];
    body: B;
    update: UpdateDefinition<DecisionResult, [Arg]>;
    /** The Update's argument, from the actor and the request body. */
    arg: (actor: Actor, body: z.output<B>) => Arg;
    /** Refusals of this fact beyond the common ones (a correction's unknown or voided fact). */
    more?: { 404?: { description: string; codes: string[] }; 409?: string[] };
  },
): RouteDef {
  return route({
    method: 'post',
    path: `/api/officials/:officialId/${spec.path}`,
    operationId: spec.operationId,
    tag: 'facts',
    summary: spec.summary,
    params: OfficialParams,
    body: spec.body,
    idempotent: true,
    responses: {
      200: {
        description: 'recorded; the record is updated before this answer',
        schema: DecisionResultSchema,
      },
      403: {
        description: spec.actions.map((action) => FACT_PERMISSIONS[action].refusal).join('; '),
        codes: ['wrong_actor'],
      },
      404: spec.more?.[404]
        ? {
            description: `${NO_SUCH_OFFICIAL.description}; or ${spec.more[404].description}`,
            codes: [...NO_SUCH_OFFICIAL.codes, ...spec.more[404].codes],
          }
        : NO_SUCH_OFFICIAL,
      409: {
        description:
          'the term is not at a stage where this applies, a request on the matter is open, or the term has ended',
        codes: [
          'wrong_stage',
          'duplicate_request',
          'already_decided',
          'term_closed',
          ...(spec.more?.[409] ?? []),
        ],
      },
      422: { description: 'refused by a rule', codes: ['rule_refused', 'reason_required'] },
      503: UPDATE_UNAVAILABLE,
    },
    handler: async ({ params, body, actor, idempotencyKey }) => {
      // Visibility is the API's (404, as for an unknown id); who may report
      // the fact is the workflow's, whose validator refuses a wrong actor (403).
      const o = await loadVisibleOfficial(deps.pool, actor, params.officialId);
      const result = await sendUpdate(
        deps,
        o.term_id,
        spec.update,
        spec.arg(actor, body as z.output<B>),
        { actor, idempotencyKey },
      );
      return { status: 200, body: result };
    },
  });
}

/** The facts of the record the actor may void (the permission table's rule, fact by fact). */
function voidableFacts(actor: Actor, snapshot: unknown, village: string): string[] {
  const facts = (snapshot as Pick<OfficialSnapshot, 'facts'> | null)?.facts ?? [];
  return facts
    .filter((fact) => !fact.voided && mayVoidFact(actor, fact.by, village))
    .map((fact) => fact.id);
}

const withoutVettingFacts = ({ vettingFacts: _facts, ...snapshot }: Record<string, unknown>) =>
  snapshot;

const NO_SUCH_OFFICIAL = {
  description: 'no such official in your jurisdiction',
  codes: ['not_found'],
};

/** The people and bodies a timeline entry names: its actor, and those its params name by id. */
function peopleOfEntry(entry: { actorId: string; params?: Record<string, string | number> }) {
  const params = entry.params ?? {};
  const named = [entry.actorId];
  if (typeof params.successorOfficialId === 'string') named.push(params.successorOfficialId);
  if (typeof params.predecessorTermId === 'string')
    named.push(params.predecessorTermId.replace(/^term-/, ''));
  if (typeof params.recipients === 'string')
    named.push(...params.recipients.split(',').filter((id) => !id.includes(':')));
  return named;
}

/** Names of the actors (officials included) among `ids`, from the directory: one name per person. */
async function namesOf(pool: Pool, ids: string[]): Promise<Record<string, string>> {
  const wanted = [...new Set(ids.filter((id) => id && id !== 'system'))];
  if (!wanted.length) return {};
  const { rows } = await pool.query<{ id: string; name: string }>(
    'SELECT id, name FROM actors WHERE id = ANY($1::text[])',
    [wanted],
  );
  return Object.fromEntries(rows.map((row) => [row.id, row.name]));
}

export function officialRoutes(deps: ApiDeps) {
  const { pool } = deps;

  return [
    route({
      method: 'get',
      path: '/api/officials',
      operationId: 'listOfficials',
      tag: 'officials',
      summary: 'Officials in your jurisdiction (yourself, for an official)',
      query: OfficialsQuery,
      responses: {
        200: {
          description: 'a page of officials',
          schema: OfficialsPage,
          links: {
            firstOfficial: {
              operationId: 'getOfficial',
              parameters: { officialId: '$response.body#/items/0/officialId' },
              description: "the first official's record",
            },
            firstOfficialTasks: {
              operationId: 'listOfficialTasks',
              parameters: { officialId: '$response.body#/items/0/officialId' },
              description: "the first official's tasks",
            },
            firstOfficialLog: {
              operationId: 'verifyOfficialLog',
              parameters: { officialId: '$response.body#/items/0/officialId' },
              description: "the check of the first official's decision log",
            },
          },
        },
      },
      handler: async ({ query, actor }) => {
        const params: unknown[] = [];
        const where: string[] = [];
        const add = (sql: (p: string) => string, v: unknown) => {
          params.push(v);
          where.push(sql(`$${params.length}`));
        };
        if (actor.role === 'official') add((p) => `official_id = ${p}`, actor.id);
        else {
          params.push(actor.jurisdiction, subtreePattern(actor.jurisdiction));
          where.push(`(village = $${params.length - 1} OR village LIKE $${params.length})`);
          if (actor.role === 'screening_body')
            add((p) => holdsRequestSql('officials.term_id', p), actor.body ?? '');
        }
        if (query.stage) add((p) => `stage = ${p}`, query.stage);
        if (query.county) add((p) => `county = ${p}`, query.county);
        if (query.township) add((p) => `township = ${p}`, query.township);
        if (query.village) add((p) => `village = ${p}`, query.village);
        if (query.q)
          add(
            (p) => `(name ILIKE ${p} OR official_id ILIKE ${p})`,
            `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`,
          );
        const filter = where.join(' AND ');
        const total = await pool.query<{ n: number }>(
          `SELECT count(*) AS n FROM officials WHERE ${filter}`,
          params,
        );
        params.push(query.limit, (query.page - 1) * query.limit);
        const { rows } = await pool.query<OfficialRow>(
          `SELECT * FROM officials WHERE ${filter} ORDER BY county, village, name, term_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
          params,
        );
        return {
          status: 200,
          body: {
            items: rows.map(officialSummary),
            total: total.rows[0]!.n,
            page: query.page,
            limit: query.limit,
          },
        };
      },
    }),

    route({
      method: 'get',
      path: '/api/officials/:officialId',
      operationId: 'getOfficial',
      tag: 'officials',
      summary: "An official's record: snapshot, open tasks, cases and the decision log",
      description:
        'Read from the system of record, so it stays available after the workflow history is gone.',
      params: OfficialParams,
      responses: {
        200: { description: 'the record', schema: OfficialDetail },
        404: NO_SUCH_OFFICIAL,
      },
      handler: async ({ params, actor }) => {
        const o = await loadVisibleOfficial(pool, actor, params.officialId);
        const [tasks, cases, log, bodyOfRequest] = await Promise.all([
          pool.query<TaskRow>(
            'SELECT * FROM tasks WHERE term_id = $1 AND closed_at IS NULL ORDER BY due_at, id',
            [o.term_id],
          ),
          pool.query<CaseRow>(
            "SELECT * FROM cases WHERE term_id = $1 OR record->'successorOfficialIds' ? $2 ORDER BY opened_at",
            [o.term_id, o.official_id],
          ),
          pool.query<DecisionLogRow>('SELECT * FROM decision_log WHERE term_id = $1 ORDER BY seq', [
            o.term_id,
          ]),
          bodiesOfRequests(pool, o.term_id),
        ]);
        const now = Date.now();
        // What of the record the actor may read (least privilege: api/access.ts).
        const timeline = timelineFor(actor, log.rows.map(logEntryView), bodyOfRequest);
        const caseViews = cases.rows
          .filter((c) => maySeeCase(actor, c))
          .map((c) => caseView(c, now));
        const openTasks = tasks.rows.filter((t) => maySeeTaskOfTerm(actor, t));
        return {
          status: 200,
          body: {
            official: officialSummary(o),
            // The vetting facts are shown to the deciders of a dispatch, on its task.
            snapshot: withoutVettingFacts(o.snapshot),
            openTasks: await taskViews(pool, actor, openTasks, now),
            cases: caseViews,
            timeline,
            names: await namesOf(pool, [
              o.nominated_by,
              ...timeline.flatMap(peopleOfEntry),
              ...caseViews.flatMap((c) => [
                c.officialId,
                ...((c.record as { successorOfficialIds?: string[] }).successorOfficialIds ?? []),
              ]),
            ]),
            actions: actionsOnOfficial(actor, { officialId: o.official_id, village: o.village }),
            voidable: voidableFacts(actor, o.snapshot, o.village),
          },
        };
      },
    }),

    route({
      method: 'get',
      path: '/api/officials/:officialId/log/verify',
      operationId: 'verifyOfficialLog',
      tag: 'officials',
      summary: "Recompute the hash chain of an official's decision log",
      params: OfficialParams,
      responses: {
        200: {
          description: 'ok, or the first entry that does not check out',
          schema: ChainVerdictSchema,
        },
        404: NO_SUCH_OFFICIAL,
      },
      handler: async ({ params, actor }) => {
        const o = await loadVisibleOfficial(pool, actor, params.officialId);
        const { rows } = await pool.query<DecisionLogRow>(
          'SELECT * FROM decision_log WHERE term_id = $1 ORDER BY seq',
          [o.term_id],
        );
        return { status: 200, body: verifyChain(rows) };
      },
    }),

    route({
      method: 'get',
      path: '/api/officials/:officialId/tasks',
      operationId: 'listOfficialTasks',
      tag: 'officials',
      summary: "The tasks of an official's term, open ones first, each by its deadline",
      params: OfficialParams,
      query: OfficialTasksQuery,
      responses: {
        200: {
          description: 'the tasks',
          schema: OfficialTasksPage,
          links: {
            firstTask: {
              operationId: 'getTask',
              parameters: { taskId: '$response.body#/items/0/id' },
              description: 'the first task',
            },
          },
        },
        404: NO_SUCH_OFFICIAL,
      },
      handler: async ({ params, query, actor }) => {
        const o = await loadVisibleOfficial(pool, actor, params.officialId);
        const open =
          query.open === undefined
            ? ''
            : query.open
              ? 'AND closed_at IS NULL'
              : 'AND closed_at IS NOT NULL';
        const { rows } = await pool.query<TaskRow>(
          `SELECT * FROM tasks WHERE term_id = $1 ${open} ORDER BY (closed_at IS NULL) DESC, due_at, id`,
          [o.term_id],
        );
        const now = Date.now();
        const visible = rows.filter((t) => maySeeTaskOfTerm(actor, t));
        return { status: 200, body: { items: await taskViews(pool, actor, visible, now) } };
      },
    }),

    factRoute(deps, {
      path: 'trainings',
      operationId: 'recordTraining',
      summary:
        'Record a training the official attended (county organization department or township)',
      actions: ['recordCountyTraining', 'recordPreDispatchTraining'],
      body: TrainingBody,
      update: recordTraining,
      arg: (actor, b) => ({ actor, kind: b.kind, title: b.title }),
    }),
    factRoute(deps, {
      path: 'health-checks',
      operationId: 'recordHealthCheck',
      summary: 'Record a yearly health check (county organization department or dispatching unit)',
      actions: ['recordHealthCheck'],
      body: HealthCheckBody,
      update: recordHealthCheck,
      arg: (actor, b) => ({ actor, fit: b.fit, note: b.note }),
    }),
    factRoute(deps, {
      path: 'absences',
      operationId: 'recordAbsence',
      summary:
        'Record an absence found on a spot check (township or county organization department)',
      actions: ['recordAbsence'],
      body: AbsenceBody,
      update: recordSpotCheckAbsence,
      arg: (actor, b) => ({ actor, note: b.note }),
    }),
    factRoute(deps, {
      path: 'corrections',
      operationId: 'voidFact',
      summary:
        'Void a recorded training, health check or spot-check absence, with a reason (its recorder or the county organization department), or correct it: void it and record `replacement` in its place in one step; its effects are unwound where they can be, and where they cannot the county gets a task to resolve it',
      actions: ['voidFact'],
      body: CorrectionBody,
      update: voidFact,
      arg: (actor, b) => ({
        actor,
        factId: b.factId,
        reason: b.reason,
        ...(b.replacement ? { replacement: b.replacement } : {}),
      }),
      more: {
        404: { description: 'no recorded fact with this id', codes: ['unknown_fact'] },
        409: ['already_voided'],
      },
    }),
    factRoute(deps, {
      path: 'leave',
      operationId: 'requestLeave',
      summary: 'Request leave (the official)',
      actions: ['requestLeave'],
      body: LeaveBody,
      update: requestLeave,
      arg: (actor, b) => ({ actor, days: b.days, reason: b.reason }),
    }),
    factRoute(deps, {
      path: 'leave/return',
      operationId: 'reportReturnFromLeave',
      summary: 'Report the return from leave (the official)',
      actions: ['reportReturnFromLeave'],
      body: EmptyBody,
      update: reportReturnFromLeave,
      arg: (actor) => ({ actor }),
    }),
    factRoute(deps, {
      path: 'attendance-reports',
      operationId: 'reportAttendance',
      summary:
        "Report a month's days in the village (the official), before the township closes the month; a second report replaces the first",
      actions: ['reportAttendance'],
      body: AttendanceReportBody,
      update: reportAttendance,
      arg: (actor, b) => ({
        actor,
        month: b.month,
        days: b.days,
        ...(b.note === undefined ? {} : { note: b.note }),
      }),
    }),
    factRoute(deps, {
      path: 'requests',
      operationId: 'fileRequest',
      summary: 'File a recall or adjustment request (dispatching unit): one request, one reply',
      actions: ['fileRequest'],
      body: RequestBody,
      update: fileRequest,
      arg: (actor, b) => ({ actor, matter: b.matter, reasons: b.reasons }),
    }),
    factRoute(deps, {
      path: 'own-recall',
      operationId: 'requestOwnRecall',
      summary:
        "Ask for one's own recall, with reasons (the official, on their own record only): one recall request to the county organization department, on a reassignment case whose ground is own_request",
      actions: ['requestOwnRecall'],
      body: OwnRecallBody,
      update: requestOwnRecall,
      arg: (actor, b) => ({ actor, reasons: b.reasons }),
    }),
    factRoute(deps, {
      path: 'recall-exception',
      operationId: 'recordRecallException',
      summary:
        'Keep an official despite a recall ground, with reasons (county organization department)',
      actions: ['recordRecallException'],
      body: RecallExceptionBody,
      update: recordRecallException,
      arg: (actor, b) => ({ actor, reason: b.reason }),
    }),
  ];
}
