// Dated policy versions: the region administrator publishes a whole rule set
// in force from a date; new terms take the version in force on their
// nomination day, running terms adopt it at their next month boundary (a
// rollout workflow signals them page by page). Stored in PostgreSQL, listed
// to every signed-in actor.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { dateKeyOf } from '../../domain/calendar.js';
import { PolicySchema, type Policy } from '../../domain/policy.js';
import { policyFrom, rulesOf, type PublishedPolicy } from '../../domain/policy-versions.js';
import { canonicalJson } from '../../domain/record-chain.js';
import { fitText } from '../../domain/text-schema.js';
import { loadVersions, policiesIn, publishedOf } from '../../platform/policies.js';
import { POLICY_ROLLOUT_WORKFLOW_TYPE, policyRolloutWorkflowId } from '../../workflows/messages.js';
import type { PolicyRolloutInput } from '../../workflows/policy-rollout.js';
import type { ApiDeps } from '../deps.js';
import { conflict, forbidden, unprocessable } from '../errors.js';
import { mayPublishPolicy, POLICY_PERMISSION } from '../../domain/permissions.js';
import { route } from '../route.js';

const RulesSchema = PolicySchema.omit({ version: true, dayMs: true, clock: true });

const PublishBody = z
  .object({
    version: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.+-]{0,39}$/, 'letters, digits, ".", "+" or "-", at most 40')
      .openapi({ example: 'gx-2027.1' }),
    effectiveFrom: z.iso
      .date()
      .openapi({ description: 'first day in force (Asia/Shanghai)', example: '2027-01-01' }),
    reason: fitText({ max: 500, nonBlank: true }),
    changes: RulesSchema.partial().strict().openapi({
      description:
        'the rules that change from the version in force before this one; a nested group (leave, absenceLadder, reminders) is replaced whole',
    }),
  })
  .strict();

export const VersionSchema = z.object({
  version: z.string(),
  effectiveFrom: z.string().nullable(),
  reason: z.string().nullable(),
  publishedBy: z.string().nullable(),
  rules: z.record(z.string(), z.unknown()),
});

export const PoliciesSchema = z.object({ inForce: z.string(), versions: z.array(VersionSchema) });

/** Cross-field rules a valid shape can still break: refused as 422. */
function inconsistency(rules: PublishedPolicy['rules']): string | undefined {
  if (rules.minResidenceDaysPerMonth > rules.monthDays)
    return `minResidenceDaysPerMonth (${rules.minResidenceDaysPerMonth}) exceeds monthDays (${rules.monthDays})`;
  if (rules.leave.townshipMaxDays > rules.leave.yearlyCapDays)
    return `leave.townshipMaxDays (${rules.leave.townshipMaxDays}) exceeds leave.yearlyCapDays (${rules.leave.yearlyCapDays})`;
  const ladder = rules.absenceLadder;
  if (
    !(
      ladder.notOutstandingAt <= ladder.atBestBasicallyCompetentAt &&
      ladder.atBestBasicallyCompetentAt <= ladder.incompetentAt
    )
  )
    return 'absenceLadder thresholds must not decrease';
  return undefined;
}

export function policyRoutes(deps: ApiDeps) {
  /** Starts the version's rollout; a retry finds it started and leaves it. */
  const rollOut = async (published: PublishedPolicy): Promise<string> => {
    const workflowId = policyRolloutWorkflowId(published.version);
    try {
      const input: PolicyRolloutInput = { published };
      await deps.client.workflow.start(POLICY_ROLLOUT_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return workflowId;
  };

  return [
    route({
      method: 'get',
      path: '/api/policies',
      operationId: 'listPolicies',
      tag: 'policies',
      summary: 'The policy in force and every published version, oldest first',
      responses: {
        200: {
          description: 'the built-in rules (effectiveFrom null) and each version',
          schema: PoliciesSchema,
        },
      },
      handler: async () => {
        const rows = await loadVersions(deps.pool);
        const { policy } = policiesIn(rows, deps.policy, Date.now());
        return {
          status: 200,
          body: {
            inForce: policy.version,
            versions: [
              {
                version: deps.policy.version,
                effectiveFrom: null,
                reason: null,
                publishedBy: null,
                rules: rulesOf(deps.policy),
              },
              ...rows.map((row) => ({
                version: row.version,
                effectiveFrom: row.effective_from,
                reason: row.reason,
                publishedBy: row.published_by,
                rules: row.rules,
              })),
            ],
          },
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/policies',
      operationId: 'publishPolicy',
      tag: 'policies',
      summary: 'Publishes a policy version in force from a date (region administrator)',
      description:
        'The new rules are the version in force before it with the changes applied. New terms take the version in force on their nomination day; running terms adopt it at their first month boundary on or after its date, and log it. Publishing the same version with the same content again answers 200 and changes nothing.',
      body: PublishBody,
      idempotent: true,
      responses: {
        201: {
          description: 'published; its rollout to running terms started',
          schema: VersionSchema,
        },
        200: { description: 'already published with this content', schema: VersionSchema },
        403: { description: 'not the region administrator', codes: ['wrong_actor'] },
        409: {
          description: 'the version exists with other content, or a later version exists',
          codes: ['version_exists', 'version_order'],
        },
        422: {
          description: 'the date is past, or the rules contradict each other',
          codes: ['effective_date_past', 'policy_inconsistent'],
        },
      },
      handler: async ({ body, actor }) => {
        if (!mayPublishPolicy(actor)) throw forbidden(POLICY_PERMISSION.refusal);
        const now = Date.now();
        if (body.effectiveFrom < dateKeyOf(now))
          throw unprocessable(
            'effective_date_past',
            `effectiveFrom ${body.effectiveFrom} is before today (${dateKeyOf(now)}, Asia/Shanghai)`,
          );
        const existing = await loadVersions(deps.pool);
        const before = existing.filter((row) => row.effective_from < body.effectiveFrom).at(-1);
        const rules = {
          ...(before ? before.rules : rulesOf(deps.policy)),
          ...body.changes,
        } as PublishedPolicy['rules'];
        const checked = RulesSchema.safeParse(rules);
        const problem = checked.success
          ? inconsistency(rules)
          : checked.error.issues
              .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
              .join('; ');
        if (problem) throw unprocessable('policy_inconsistent', problem);
        const view = {
          version: body.version,
          effectiveFrom: body.effectiveFrom,
          reason: body.reason,
          publishedBy: actor.id,
          rules,
        };
        const same = existing.find((row) => row.version === body.version);
        if (same) {
          if (
            same.effective_from !== body.effectiveFrom ||
            canonicalJson(same.rules) !== canonicalJson(rules)
          )
            throw conflict(
              'version_exists',
              `policy version ${body.version} exists with other content`,
            );
          await rollOut(publishedOf(same));
          return {
            status: 200,
            body: { ...view, reason: same.reason, publishedBy: same.published_by },
          };
        }
        const later = existing.find((row) => row.effective_from >= body.effectiveFrom);
        if (later)
          throw conflict(
            'version_order',
            `version ${later.version} is in force from ${later.effective_from}: a new version must start after it`,
          );
        const inserted = await deps.pool.query(
          `INSERT INTO policy_versions (version, effective_from, rules, reason, published_by)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [body.version, body.effectiveFrom, JSON.stringify(rules), body.reason, actor.id],
        );
        if (inserted.rowCount === 0)
          throw conflict(
            'version_exists',
            `policy version ${body.version} was published meanwhile`,
          );
        await rollOut({ version: body.version, effectiveFrom: body.effectiveFrom, rules });
        return { status: 201, body: view };
      },
    }),
  ];
}
