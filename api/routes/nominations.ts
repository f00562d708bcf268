// The dispatching unit nominates a candidate: a term workflow starts, screens
// the candidate against the six rules, and writes its first record.
import { WithStartWorkflowOperation } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { countyOf } from '../../domain/actors.js';
import { FACT_PERMISSIONS, mayTakeFact } from '../../domain/permissions.js';
import { SIX_NO_DISPATCH_RULES } from '../../domain/screening.js';
import {
  FIRST_SECRETARY_PRESENT,
  whyNotTeamNomination,
  type VillageMember,
} from '../../domain/team.js';
import {
  TERM_WORKFLOW_TYPE,
  termRecorded,
  termWorkflowId,
  type TermRecorded,
} from '../../workflows/messages.js';
import { COUNTY_KEY, KIND_KEY, STAGE_KEY } from '../../workflows/search-attributes.js';
import { maySeeOfficial } from '../access.js';
import type { ApiDeps } from '../deps.js';
import { policiesAt } from '../../platform/policies.js';
import { conflict, forbidden, notFound, unprocessable } from '../errors.js';
import { route } from '../route.js';
import { NominationBody, NominationResult } from '../schemas.js';

/** A failed rule as the 422 names it. */
interface ScreeningFailure {
  ruleId: string;
  text: string;
  reason: string;
}

const LOCATION = {
  Location: {
    description: "the nominated official's record",
    required: true,
    schema: { type: 'string', example: '/api/officials/off-1234' },
  },
};
const NOMINATION_LINKS = {
  nominatedOfficial: {
    operationId: 'getOfficial',
    parameters: { officialId: '$response.body#/officialId' },
    description: "the nominated official's record",
  },
  nominatedOfficialTasks: {
    operationId: 'listOfficialTasks',
    parameters: { officialId: '$response.body#/officialId' },
    description: "the tasks of the nominated official's term (the vetting requests first)",
  },
};

/**
 * The village's officials, for the team rule (domain/team.ts): one query on
 * the index officials_village (migrations/0001_system-of-record.sql).
 */
export const VILLAGE_MEMBERS_SQL = `SELECT official_id AS "officialId", snapshot->>'post' AS post, stage
  FROM officials WHERE village = $1`;

export function nominationRoutes(deps: ApiDeps) {
  const { pool, client } = deps;

  /**
   * The failed rules of the workflow's screening. A worker from before the
   * answer carried them says only the stage: then the record, written before
   * the answer, has them (its snapshot keeps each rule's id and reason).
   */
  async function screeningOf(answer: TermRecorded, termId: string): Promise<ScreeningFailure[]> {
    const said = answer.screeningFailures?.map(({ ruleId, text, reason }) => ({
      ruleId,
      text,
      reason,
    }));
    if (said || answer.stage !== 'screened_out') return said ?? [];
    const { rows } = await pool.query<{ snapshot: { screeningFailures?: ScreeningFailure[] } }>(
      'SELECT snapshot FROM officials WHERE term_id = $1',
      [termId],
    );
    return (rows[0]?.snapshot.screeningFailures ?? []).map(({ ruleId, reason }) => ({
      ruleId,
      text: SIX_NO_DISPATCH_RULES.find((rule) => rule.id === ruleId)?.text ?? ruleId,
      reason,
    }));
  }

  return [
    route({
      method: 'post',
      path: '/api/nominations',
      operationId: 'nominateCandidate',
      tag: 'nominations',
      summary: 'Nominate a candidate for a village (dispatching unit)',
      description:
        "Starts the term. The term's workflow screens the candidate against the six no-dispatch rules; a candidate screened out gets 422 with the rule ids, and the screening stays on record. A 202 (no answer from the workflow in time) says nothing of the screening yet: read the official's record. With replacesOfficialId the candidate is the successor in that official's open reassignment case. A first secretary leads the village team: a first secretary is refused (409 first_secretary_present) for a village that already has one on post or nominated, unless the nomination is the successor of that one (replacesOfficialId). The team's minimum size is reported by the overview, not refused.",
      body: NominationBody,
      idempotent: true,
      responses: {
        201: {
          description: 'nominated; the term is on record',
          schema: NominationResult,
          headers: LOCATION,
          links: NOMINATION_LINKS,
        },
        202: {
          description: 'nominated; the record is still being written',
          schema: NominationResult,
          headers: LOCATION,
          links: NOMINATION_LINKS,
        },
        403: {
          description: 'not a dispatching unit, or a village outside your jurisdiction',
          codes: ['wrong_actor'],
        },
        404: {
          description: 'the official to replace is not in your jurisdiction',
          codes: ['not_found'],
        },
        409: {
          description:
            'already nominated; no open reassignment case to succeed in; or a first secretary for a village that already has one on post or nominated (first_secretary_present: a first secretary leads the team, and a second is nominated only as a successor, with replacesOfficialId)',
          codes: ['already_exists', 'wrong_stage', FIRST_SECRETARY_PRESENT],
        },
        422: {
          description:
            'screened out by the six no-dispatch rules (details.ruleIds), or not a valid successor',
          codes: ['screened_out', 'rule_refused'],
        },
      },
      handler: async ({ body, actor }) => {
        const { replacesOfficialId, ...profile } = body;
        // No workflow exists yet to refuse a nomination: the API applies the
        // permission table itself (the village is the caller's own input).
        if (!mayTakeFact(actor, 'nominateCandidate', { village: profile.village }))
          throw forbidden(FACT_PERMISSIONS.nominateCandidate.refusal);

        const termId = termWorkflowId(profile.officialId);
        const existing = await pool.query(
          'SELECT 1 FROM officials WHERE official_id = $1 OR term_id = $2',
          [profile.officialId, termId],
        );
        if (existing.rowCount)
          throw conflict(
            'already_exists',
            `official ${profile.officialId} already has a term on record`,
          );

        let succession: { predecessorTermId: string; caseId: string } | undefined;
        if (replacesOfficialId !== undefined) {
          if (replacesOfficialId === profile.officialId)
            throw unprocessable('rule_refused', 'a candidate cannot succeed themself');
          const pred = await pool.query<{ term_id: string; village: string; official_id: string }>(
            'SELECT term_id, village, official_id FROM officials WHERE official_id = $1',
            [replacesOfficialId],
          );
          const p = pred.rows[0];
          if (!p || !maySeeOfficial(actor, p)) throw notFound(`official ${replacesOfficialId}`);
          if (p.village !== profile.village) {
            throw unprocessable(
              'rule_refused',
              `a successor is nominated for the same village (${p.village})`,
            );
          }
          const open = await pool.query<{ case_id: string; status: string }>(
            'SELECT case_id, status FROM cases WHERE term_id = $1 AND closed_at IS NULL ORDER BY opened_at DESC LIMIT 1',
            [p.term_id],
          );
          if (!open.rows[0])
            throw conflict(
              'wrong_stage',
              `official ${replacesOfficialId} has no open reassignment case`,
            );
          // The case takes a successor only once the recall is approved and
          // while nobody else is in vetting for it.
          if (open.rows[0].status !== 'awaiting_successor')
            throw conflict(
              'wrong_stage',
              `case ${open.rows[0].case_id} does not await a successor (status ${open.rows[0].status})`,
            );
          succession = { predecessorTermId: p.term_id, caseId: open.rows[0].case_id };
        }

        // A first secretary leads the village team: one per village, a successor aside.
        const members = await pool.query<VillageMember>(VILLAGE_MEMBERS_SQL, [profile.village]);
        const refusal = whyNotTeamNomination(members.rows, {
          post: profile.post,
          replacesOfficialId,
        });
        if (refusal) throw conflict(refusal.code, refusal.message, refusal.details);

        // The version in force today, and those published for later dates.
        const { policy, upcoming } = await policiesAt(deps.pool, deps.policy, Date.now());

        // Start and ask, in one call, to be answered once the first record is
        // written (Update-with-Start): the answer then means "readable now".
        const start = new WithStartWorkflowOperation(TERM_WORKFLOW_TYPE, {
          workflowId: termId,
          taskQueue: deps.taskQueue,
          args: [
            {
              profile,
              policy,
              upcomingPolicies: upcoming.length ? upcoming : undefined,
              nominatedBy: actor,
              ...succession,
            },
          ],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          typedSearchAttributes: [
            { key: COUNTY_KEY, value: countyOf(profile.village) },
            { key: STAGE_KEY, value: 'nominated' },
            { key: KIND_KEY, value: 'term' },
          ],
        });
        const recorded = client.workflow.executeUpdateWithStart(termRecorded, {
          startWorkflowOperation: start,
        });
        try {
          await start.workflowHandle();
        } catch (err) {
          recorded.catch(() => undefined);
          if (err instanceof WorkflowExecutionAlreadyStartedError) {
            throw conflict(
              'already_exists',
              `official ${profile.officialId} has already been nominated`,
            );
          }
          throw err;
        }
        // Started. If no worker writes the record in time (workers down), the
        // nomination still stands: answer 202 and let the record follow.
        let timer: NodeJS.Timeout | undefined;
        const answer = await Promise.race([
          recorded.then(
            (r): TermRecorded => r,
            (err: unknown) => {
              deps.log.warn({ err }, `nomination ${termId}: waiting for the first record failed`);
              return undefined;
            },
          ),
          new Promise<undefined>((resolve) => {
            timer = setTimeout(() => resolve(undefined), deps.recordWaitMs);
          }),
        ]).finally(() => clearTimeout(timer));
        const stage = answer?.stage as string | undefined;
        // The workflow screened the candidate at its own time and told us how.
        const failures = answer ? await screeningOf(answer, termId) : [];
        if (failures.length) {
          throw unprocessable(
            'screened_out',
            `screened out by ${failures.map((f) => f.ruleId).join(', ')}: ${failures.map((f) => f.reason).join('; ')}`,
            {
              termId,
              officialId: profile.officialId,
              ruleIds: failures.map((f) => f.ruleId),
              failures,
            },
          );
        }
        const result = {
          termId,
          officialId: profile.officialId,
          stage: stage ?? 'nominated',
          ...(succession ? { caseId: succession.caseId } : {}),
        };
        if (stage === undefined)
          deps.log.warn(
            `nomination ${termId}: no record after ${deps.recordWaitMs} ms; answering 202`,
          );
        return {
          status: stage === undefined ? 202 : 201,
          body: result,
          headers: { Location: `/api/officials/${profile.officialId}` },
        };
      },
    }),
  ];
}
