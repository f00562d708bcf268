// Request and response schemas: the handlers' validation and the OpenAPI
// document are generated from these same objects.
import { extendZodWithOpenApi, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  ActorSchema,
  JurisdictionSchema,
  RoleSchema,
  ScreeningBodySchema,
} from '../domain/actors.js';
import { DECISIONS, decisionsOf } from '../domain/decisions.js';
import { needsReason } from '../domain/reasons.js';
import { CandidateProfileSchema } from '../domain/profile.js';
import { fitText } from '../domain/text-schema.js';
import { RATINGS } from '../domain/rating.js';
import { FACT_ACTIONS } from '../domain/permissions.js';
import { CASE_GROUNDS, HANDOVER_ITEMS, TASK_KINDS } from '../domain/records.js';

extendZodWithOpenApi(z);

export const registry = new OpenAPIRegistry();
registry.registerComponent('securitySchemes', 'bearer', {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
});

// --- shared pieces ---------------------------------------------------------

// Ids are plain ASCII: nothing in them can be unfit for the record.
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,120}$/;
const Id = z.string().min(1).max(120).regex(ID_PATTERN, 'letters, digits and _ . : - only');
export const IsoDateTime = z
  .string()
  .openapi({ format: 'date-time', example: '2025-11-20T08:00:00.000Z' });
/** Free text that enters the record: the text rule, a length limit, trimmed. */
const Text = (max: number, options: { nonBlank?: boolean } = {}) => fitText({ max, ...options });
/** Free text used only to search: the text rule and a limit, taken as sent. */
const SearchText = (max: number) => fitText({ max, trim: false });
/**
 * Any RFC 3339 date-time with its offset, as the instant it names (epoch ms):
 * PostgreSQL never sees the offset (it refuses those beyond ±15:59) nor the
 * year (it has no year 0).
 */
const Instant = z.iso
  .datetime({ offset: true })
  .transform((value) => Date.parse(value))
  .openapi({ type: 'string', format: 'date-time' });
const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');
const Limit = z.coerce.number().int().min(1).max(200).default(50);
const Page = z.coerce.number().int().min(1).max(10_000).default(1);

export const ErrorSchema = registry.register(
  'Error',
  z.object({
    error: z.object({
      code: z.string().openapi({ example: 'wrong_actor' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  }),
);

// Domain schemas were built before zod was extended: register clones made after it.
export const ActorView = registry.register('Actor', ActorSchema.clone());

export const MeView = registry.register(
  'Me',
  ActorView.extend({
    actions: z
      .array(
        z.object({
          action: z.enum(FACT_ACTIONS),
          operationId: z.string(),
          method: z.literal('post'),
          path: z.string().openapi({ example: '/api/officials/{officialId}/health-checks' }),
        }),
      )
      .openapi({
        description:
          "the fact actions the actor's role may take (on officials inside their jurisdiction; the official on their own term), from the permission table the workflow applies",
      }),
    decides: z.array(z.enum(TASK_KINDS)).openapi({
      description: "the task kinds the actor's role may be asked to decide",
    }),
    sees: z.array(z.enum(['overview'])).openapi({
      description:
        "the read-only views the actor's role may open: 'overview' (GET /api/overview, for the county organization department and the regional administrator)",
    }),
    publishes: z.array(z.enum(['policy'])).openapi({
      description: "'policy': the actor may publish policy versions (POST /api/policies)",
    }),
    imports: z.array(z.enum(['officials'])).openapi({
      description:
        "'officials': the actor may import officials already on post (POST /api/imports)",
    }),
  }),
);

export const DecisionResultSchema = registry.register(
  'DecisionResult',
  z.object({
    ok: z.literal(true),
    termId: z.string(),
    stage: z.string(),
    message: z.string(),
    taskId: z.string().optional(),
    requestNo: z.string().optional(),
    caseId: z.string().optional(),
    factId: z.string().optional().openapi({
      description: 'a correction with a new value: the id of the fact recorded in its place',
    }),
  }),
);

const AssigneeSchema = z.object({
  role: RoleSchema,
  jurisdiction: z.string(),
  body: ScreeningBodySchema.optional(),
  actorId: z.string().optional(),
});

export const TaskSchema = registry.register(
  'Task',
  z.object({
    id: z.string(),
    kind: z.enum(TASK_KINDS),
    title: z.string(),
    termId: z.string(),
    officialId: z.string(),
    officialName: z.string(),
    county: z.string(),
    township: z.string(),
    village: z.string(),
    assignee: AssigneeSchema,
    createdAt: IsoDateTime,
    dueAt: IsoDateTime,
    overdue: z.boolean(),
    closedAt: IsoDateTime.optional(),
    outcome: z.string().optional(),
    closedBy: z.string().optional(),
    requestNo: z.string().optional(),
    caseId: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    assigneeActor: z.object({ id: z.string(), name: z.string() }).optional().openapi({
      description:
        'who the task waits for, by name: the named actor, or the body of its role nearest over its place in the actor directory (absent when the directory has none)',
    }),
    canDecide: z.boolean().openapi({
      description:
        'whether the signed-in actor may decide this task (the permission table the workflow applies; false once closed)',
    }),
  }),
);

/** Where the previous page of the inbox ended: the last task's due time (epoch ms) and id. */
const CURSOR_PATTERN = /^([0-9]{1,15})~([A-Za-z0-9_.:-]{1,120})$/;
export const encodeCursor = (dueAt: Date, taskId: string) => `${dueAt.getTime()}~${taskId}`;
const Cursor = z
  .string()
  .max(136)
  .regex(CURSOR_PATTERN, 'is not a cursor this API returned')
  .transform((value) => {
    const [, dueAtMs, id] = CURSOR_PATTERN.exec(value)!;
    return { dueAtMs: Number(dueAtMs), id: id! };
  })
  .openapi({ description: 'nextCursor of the previous page', example: '1767225600000~t-1' });

// --- headers -----------------------------------------------------------------

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY_PATTERN, 'must be 1-200 visible ASCII characters')
    .optional()
    .openapi({
      description:
        'retrying with the same key and body returns the first response instead of acting twice; 1-200 visible ASCII characters, e.g. a UUID',
      example: '3f0c8d0e-6a53-4f53-9d7e-2b7c1f1d9a10',
    }),
});

// --- params ------------------------------------------------------------------

export const OfficialParams = z.object({
  officialId: Id.openapi({ param: { description: "the official's id" } }),
});
export const TaskParams = z.object({ taskId: Id });
export const CaseParams = z.object({ caseId: Id });
export const HandoverSignParams = z.object({ caseId: Id, item: z.enum(HANDOVER_ITEMS) });

// --- nominations ---------------------------------------------------------------

export const NominationBody = registry.register(
  'Nomination',
  CandidateProfileSchema.extend({
    replacesOfficialId: Id.optional().openapi({
      description: 'the official this candidate succeeds, in an open reassignment case',
    }),
  }).strict(),
);

export const NominationResult = registry.register(
  'NominationResult',
  z.object({
    termId: z.string(),
    officialId: z.string(),
    stage: z.string(),
    caseId: z.string().optional(),
  }),
);

// --- inbox and tasks -----------------------------------------------------------

export const InboxQuery = z
  .object({
    kind: z.enum(TASK_KINDS).optional(),
    county: JurisdictionSchema.optional(),
    township: JurisdictionSchema.optional(),
    overdue: QueryBool.optional(),
    dueBefore: Instant.optional().openapi({ description: 'only tasks due before this instant' }),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .strict();

export const InboxPage = registry.register(
  'InboxPage',
  z.object({
    items: z.array(TaskSchema),
    total: z.number().int(),
    overdue: z.number().int(),
    nextCursor: z.string().optional(),
  }),
);

/** Which decisions each task kind accepts, in words, from the one table (domain/decisions.ts). */
const DECISIONS_PER_KIND = TASK_KINDS.map(
  (kind) => `${kind}: ${decisionsOf(kind).join(' | ')}`,
).join('; ');

/** The decisions that must say why, in words, from the same table (domain/decisions.ts). */
const REASONED_PER_KIND = TASK_KINDS.map((kind) => {
  const reasoned = decisionsOf(kind).filter((decision) => needsReason(kind, decision));
  return reasoned.length ? `${kind}: ${reasoned.join(' | ')}` : '';
})
  .filter(Boolean)
  .join('; ');

export const DecisionBody = registry.register(
  'Decision',
  z
    .object({
      decision: z.enum(DECISIONS).openapi({
        description: `one of the decisions the task's kind accepts (any other is refused with 422 rule_refused): ${DECISIONS_PER_KIND}`,
      }),
      comment: Text(2000)
        .default('')
        .openapi({
          description: `the decider's reasons, kept in the official's record. Required (at least the policy's minReasonChars characters, else 422 reason_required) for every rejection and every reply to a request, an approval as much as a rejection: ${REASONED_PER_KIND}`,
        }),
      days: z
        .number()
        .int()
        .min(0)
        .max(31)
        .optional()
        .openapi({ description: 'close_attendance: days resident in the month' }),
      rating: z
        .enum(RATINGS)
        .optional()
        .openapi({ description: 'rate_official: the rating given' }),
      report: Text(10_000).optional().openapi({ description: 'self_report: the report text' }),
    })
    .strict(),
);

// --- officials and facts ---------------------------------------------------------

export const OfficialsQuery = z
  .object({
    stage: SearchText(40).optional(),
    county: JurisdictionSchema.optional(),
    township: JurisdictionSchema.optional(),
    village: JurisdictionSchema.optional(),
    q: SearchText(80).optional().openapi({ description: 'part of the name or id' }),
    page: Page,
    limit: Limit,
  })
  .strict();

export const OfficialSummary = registry.register(
  'OfficialSummary',
  z.object({
    termId: z.string(),
    officialId: z.string(),
    name: z.string(),
    stage: z.string(),
    county: z.string(),
    township: z.string(),
    village: z.string(),
    dispatchingUnit: z.string(),
    nominatedBy: z.string(),
    updatedAt: IsoDateTime,
    closedAt: IsoDateTime.optional(),
  }),
);

export const OfficialsPage = registry.register(
  'OfficialsPage',
  z.object({
    items: z.array(OfficialSummary),
    total: z.number().int(),
    page: z.number().int(),
    limit: z.number().int(),
  }),
);

export const LogEntrySchema = registry.register(
  'LogEntry',
  z.object({
    seq: z.number().int(),
    at: IsoDateTime,
    actorId: z.string(),
    role: z.string(),
    action: z.string().openapi({ description: 'a code, e.g. request_filed, stage, rated' }),
    detail: z.string().openapi({ description: 'the entry in English, as recorded' }),
    reason: z.string().optional(),
    policyVersion: z.string(),
    requestNo: z.string().optional(),
    taskId: z.string().optional(),
    caseId: z.string().optional(),
    requestId: z
      .string()
      .optional()
      .openapi({ description: 'the X-Request-Id of the API request that made this entry' }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .openapi({
        description:
          "the values of the action's sentence (rule ids, body, stage, request number, days …), for a client to word the entry from its action code in its own language; absent on entries written before params existed, whose `detail` is the only wording",
      }),
    prevHash: z.string(),
    hash: z.string(),
  }),
);

export const CaseSchema = registry.register(
  'Case',
  z.object({
    caseId: z.string(),
    termId: z.string(),
    officialId: z.string(),
    officialName: z.string(),
    county: z.string(),
    village: z.string(),
    status: z.string(),
    grounds: z.array(z.string()),
    openedAt: IsoDateTime,
    dueAt: IsoDateTime.optional(),
    closedAt: IsoDateTime.optional(),
    outcome: z.string().optional(),
    overdue: z.boolean(),
    record: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'the full CaseRecord, hand-over checklist included' }),
    actions: z.array(z.enum(FACT_ACTIONS)).optional().openapi({
      description:
        'on GET /api/cases/{caseId}: what the signed-in actor may take on this case (signHandoverItem, nominateCandidate)',
    }),
  }),
);

export const OfficialDetail = registry.register(
  'OfficialDetail',
  z.object({
    official: OfficialSummary,
    snapshot: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'the OfficialSnapshot of the term' }),
    openTasks: z.array(TaskSchema),
    cases: z.array(CaseSchema),
    timeline: z.array(LogEntrySchema),
    names: z.record(z.string(), z.string()).openapi({
      description:
        'the name of each person and body the record names by id (the nominator, the timeline’s actors and the officials its entries name, the cases’ officials and successors), from the actor directory',
    }),
    actions: z.array(z.enum(FACT_ACTIONS)).openapi({
      description:
        "what the signed-in actor may take on this official's record (the permission table; the term's stage is the workflow's to check)",
    }),
    voidable: z.array(z.string()).openapi({
      description:
        'the ids of the recorded facts (snapshot.facts) the signed-in actor may void: those they recorded, or any for the county organization department over the village',
    }),
  }),
);

export const OfficialTasksQuery = z
  .object({
    open: QueryBool.optional().openapi({
      description: 'true: open tasks only; false: decided ones only',
    }),
  })
  .strict();
export const OfficialTasksPage = registry.register(
  'OfficialTasks',
  z.object({ items: z.array(TaskSchema) }),
);

export const ChainVerdictSchema = registry.register(
  'ChainVerdict',
  z.object({
    ok: z.boolean(),
    entries: z.number().int(),
    brokenAt: z.number().int().optional(),
    problem: z.string().optional(),
  }),
);

export const TrainingBody = z
  .object({ kind: z.enum(['pre_dispatch', 'county']), title: Text(200, { nonBlank: true }) })
  .strict();
export const HealthCheckBody = z
  .object({ fit: z.boolean(), note: Text(1000).default('') })
  .strict();
export const AbsenceBody = z.object({ note: Text(1000, { nonBlank: true }) }).strict();
export const LeaveBody = z
  .object({ days: z.number().int().min(1).max(365), reason: Text(1000, { nonBlank: true }) })
  .strict();
export const EmptyBody = z.object({}).strict();
export const AttendanceReportBody = registry.register(
  'AttendanceReportBody',
  z
    .object({
      month: z.number().int().min(1).max(600).openapi({
        description:
          "the term month whose close is open (an open close_attendance task's data.month)",
        example: 3,
      }),
      days: z.number().int().min(0).max(31).openapi({
        description: 'days in the village that month, as the official counts them',
      }),
      note: Text(1000).optional().openapi({ description: 'what the township should know' }),
    })
    .strict(),
);
export const RequestBody = z
  .object({ matter: z.enum(['recall', 'adjustment']), reasons: Text(2000, { nonBlank: true }) })
  .strict();
export const CorrectionBody = registry.register(
  'CorrectionBody',
  z
    .object({
      factId: z
        .string()
        .regex(/^y\d{1,3}-[tha]\d{1,4}$/)
        .openapi({
          description:
            'the id of a recorded training (y<year>-t<n>; y0-t<n> is the pre-dispatch training), health check (…-h<n>) or spot-check absence (…-a<n>), as the snapshot shows it',
          example: 'y1-h1',
        }),
      reason: Text(2000, { nonBlank: true }).openapi({
        description: 'why the fact is voided (kept in the log beside the original)',
      }),
      replacement: z
        .object({
          date: z.iso.date().optional().openapi({
            description:
              'the right date (Shanghai), a day on duty so far; the fact then counts in the year that holds it',
            example: '2026-12-01',
          }),
          fit: z
            .boolean()
            .optional()
            .openapi({ description: "a health check's right result (health checks only)" }),
          title: Text(200, { nonBlank: true })
            .optional()
            .openapi({ description: "a training's right title (trainings only)" }),
          note: Text(1000)
            .optional()
            .openapi({ description: "a health check's or absence's right note" }),
        })
        .strict()
        .optional()
        .openapi({
          description:
            'correct with a new value: the fact is voided and this one recorded in its place in the same step (the log names both); only what changes, and something must',
        }),
    })
    .strict(),
);
export const OwnRecallBody = z
  .object({
    reasons: Text(2000, { nonBlank: true }).openapi({
      description:
        "why the official asks to be recalled (at least the policy's minReasonChars characters, else 422 reason_required)",
    }),
  })
  .strict();
export const RecallExceptionBody = z.object({ reason: Text(2000, { nonBlank: true }) }).strict();

// --- cases -------------------------------------------------------------------------

export const CasesQuery = z
  .object({
    status: z
      .enum([
        'recall_requested',
        'awaiting_successor',
        'successor_in_vetting',
        'handover',
        'closed',
        'open',
      ])
      .optional(),
    ground: z.enum(CASE_GROUNDS).optional(),
    county: JurisdictionSchema.optional(),
    overdue: QueryBool.optional(),
    page: Page,
    limit: Limit,
  })
  .strict();

export const CasesPage = registry.register(
  'CasesPage',
  z.object({
    items: z.array(CaseSchema),
    total: z.number().int(),
    page: z.number().int(),
    limit: z.number().int(),
  }),
);

export const CaseStatsSchema = registry.register(
  'CaseStats',
  z.object({
    open: z.number().int(),
    closed: z.number().int(),
    overdue: z.number().int(),
    medianDaysToClose: z.number().nullable(),
    byGround: z.array(
      z.object({ ground: z.string(), open: z.number().int(), closed: z.number().int() }),
    ),
  }),
);

export const CaseStatsQuery = z.object({ county: JurisdictionSchema.optional() }).strict();

// --- mail (embedded demo) -------------------------------------------------------------

export const MailQuery = z
  .object({
    to: SearchText(200)
      .optional()
      .openapi({ description: 'part of a recipient address, among the mail you may read' }),
    limit: Limit,
  })
  .strict();
export const MailSchema = registry.register(
  'CaughtMail',
  z.object({
    id: z.number().int(),
    messageId: z.string().optional(),
    from: z.string().optional(),
    to: z.array(z.string()),
    subject: z.string().optional(),
    text: z.string().optional(),
    html: z.string().optional(),
    receivedAt: IsoDateTime,
  }),
);
export const MailPage = z.object({ items: z.array(MailSchema) });

export const HealthSchema = registry.register(
  'Health',
  z.object({ temporal: z.enum(['ok', 'unavailable']), database: z.enum(['ok', 'unavailable']) }),
);
