// The dispatching unit nominates a candidate: a term workflow starts, screens
// the candidate against the six rules, and writes its first record.
import {
  WorkflowExecutionAlreadyStartedError,
  defineSearchAttributeKey,
  SearchAttributeType,
} from '@temporalio/common';
import { countyOf } from '../../domain/actors.js';
import { screenCandidate } from '../../domain/screening.js';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes.js';
import { termWorkflowId } from '../../workflows/messages.js';
import { requireRoleOver } from '../access.js';
import type { ApiDeps } from '../deps.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { route } from '../route.js';
import { NominationBody, NominationResult } from '../schemas.js';

const STAGE = defineSearchAttributeKey(SEARCH_ATTRIBUTES.stage.name, SearchAttributeType.KEYWORD);
const COUNTY = defineSearchAttributeKey(SEARCH_ATTRIBUTES.county.name, SearchAttributeType.KEYWORD);
const KIND = defineSearchAttributeKey(SEARCH_ATTRIBUTES.kind.name, SearchAttributeType.KEYWORD);

/** The workflow type, by the name the worker registers it under. */
export const TERM_WORKFLOW = 'termWorkflow';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function nominationRoutes(deps: ApiDeps) {
  const { pool, client } = deps;

  /** The workflow writes its first record as it starts; answer once it is readable. */
  async function waitForRecord(termId: string): Promise<string | undefined> {
    const until = Date.now() + deps.recordWaitMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 200)) {
      const { rows } = await pool.query<{ stage: string }>(
        'SELECT stage FROM officials WHERE term_id = $1',
        [termId],
      );
      if (rows[0]) return rows[0].stage;
      if (Date.now() >= until) return undefined;
      await sleep(delay);
    }
  }

  return [
    route({
      method: 'post',
      path: '/api/nominations',
      tag: 'nominations',
      summary: 'Nominate a candidate for a village (dispatching unit)',
      description:
        "Starts the term. The candidate is screened against the six no-dispatch rules; a candidate screened out gets 422 with the rule ids, and the screening stays on record. With replacesOfficialId the candidate is the successor in that official's open reassignment case.",
      body: NominationBody,
      idempotent: true,
      responses: {
        201: { description: 'nominated; the term is on record', schema: NominationResult },
        202: {
          description: 'nominated; the record is still being written',
          schema: NominationResult,
        },
        404: { description: 'the official to replace is unknown' },
        409: { description: 'already nominated, or no open reassignment case to succeed in' },
        422: {
          description:
            'screened out by the six no-dispatch rules (details.ruleIds), or not a valid successor',
        },
      },
      handler: async ({ body, actor }) => {
        const { replacesOfficialId, ...profile } = body;
        requireRoleOver(actor, ['dispatching_unit'], profile.village, 'nominate candidates');

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
          const pred = await pool.query<{ term_id: string; village: string }>(
            'SELECT term_id, village FROM officials WHERE official_id = $1',
            [replacesOfficialId],
          );
          const p = pred.rows[0];
          if (!p) throw notFound(`official ${replacesOfficialId}`);
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

        const failures = screenCandidate(profile, deps.policy, Date.now());
        try {
          await client.workflow.start(TERM_WORKFLOW, {
            workflowId: termId,
            taskQueue: deps.taskQueue,
            args: [{ profile, policy: deps.policy, nominatedBy: actor, ...succession }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            workflowIdConflictPolicy: 'FAIL',
            typedSearchAttributes: [
              { key: COUNTY, value: countyOf(profile.village) },
              { key: STAGE, value: 'nominated' },
              { key: KIND, value: 'term' },
            ],
          });
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) {
            throw conflict(
              'already_exists',
              `official ${profile.officialId} has already been nominated`,
            );
          }
          throw err;
        }

        const stage = await waitForRecord(termId);
        if (failures.length) {
          throw unprocessable(
            'screened_out',
            `screened out by ${failures.map((f) => f.ruleId).join(', ')}: ${failures.map((f) => f.reason).join('; ')}`,
            {
              termId,
              officialId: profile.officialId,
              ruleIds: failures.map((f) => f.ruleId),
              failures: failures.map(({ ruleId, text, reason }) => ({ ruleId, text, reason })),
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
