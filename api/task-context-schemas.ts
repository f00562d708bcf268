// The schemas of what a task's decider needs: the `context` of
// GET /api/tasks/{taskId}, and the township's month close
// (GET /api/month-close), registered in the same OpenAPI document.
import { z } from 'zod';
import { JurisdictionSchema, ScreeningBodySchema } from '../domain/actors.js';
import { RATINGS } from '../domain/rating.js';
import { IsoDateTime, registry, TaskSchema } from './schemas.js';

// Years PostgreSQL and the calendar of the record both know (no year 0, no far future).
const MONTH_PATTERN = /^(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])$/;

// --- what a task's decider needs (GET /api/tasks/{taskId} `context`) -----------------

const Rating = z.enum(RATINGS);
const VettingFactsView = z.object({
  birthDate: z.string().openapi({ format: 'date' }),
  partyMember: z.enum(['full', 'probationary', 'none']),
  underInvestigation: z.boolean(),
  sanctioned: z.boolean(),
  lastRatings: z.array(Rating),
  lastHealthCheck: z
    .object({ date: z.string().openapi({ format: 'date' }), fit: z.boolean() })
    .nullable(),
  workYears: z.number(),
  formalPost: z.boolean(),
  willingnessSigned: z.boolean(),
});
const CandidateView = z.object({
  name: z.string(),
  post: z.string(),
  dispatchingUnit: z.string(),
  village: z.string(),
  facts: VettingFactsView.nullable().openapi({
    description:
      'what the six no-dispatch rules read, as nominated; null for a term whose record was written before the record kept them',
  }),
  screeningFailures: z.array(z.object({ ruleId: z.string(), reason: z.string() })),
});
const ScreeningReplyView = z.object({
  body: ScreeningBodySchema,
  requestNo: z.string().optional(),
  askedAt: IsoDateTime,
  dueAt: IsoDateTime,
  decision: z.string().optional().openapi({ description: 'approve or reject; absent while open' }),
  reasons: z.string().optional(),
  repliedBy: z.string().optional(),
  repliedAt: IsoDateTime.optional(),
});
const AttendanceMonthView = z.object({
  month: z.number().int(),
  days: z.number().int(),
  breach: z.boolean(),
  reported: z.number().int().optional().openapi({
    description: 'the days the official had reported of the month, if they did',
  }),
});

/** The official's own latest report of a month's days (POST /api/officials/{officialId}/attendance-reports). */
const OfficialReport = z.object({
  days: z.number().int(),
  note: z.string().optional(),
  at: z.string(),
});

export const TaskContextSchema = registry.register(
  'TaskContext',
  z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('dispatch'),
        candidate: CandidateView,
        replies: z.array(ScreeningReplyView).openapi({
          description:
            "the screening bodies' replies so far (approve_dispatch, for any actor but a screening body: a body sees no other body's reply)",
        }),
      }),
      z.object({
        kind: z.literal('leave'),
        days: z.number().int().optional(),
        reason: z.string().optional(),
        requestedAt: IsoDateTime.optional(),
        termYear: z.number().int().optional(),
        usedThisYear: z.number().int().openapi({
          description: 'days of leave already approved in the term year the request falls in',
        }),
        yearlyCap: z.number().int(),
        townshipMaxDays: z.number().int(),
      }),
      z.object({
        kind: z.literal('attendance'),
        month: z.number().int().openapi({ description: 'month of the term (1-based)' }),
        calendarMonth: z.string().regex(MONTH_PATTERN).optional().openapi({
          description:
            'the calendar month (Asia/Shanghai, YYYY-MM) the close is about, for terms on calendar months',
        }),
        periodStart: IsoDateTime,
        periodEnd: IsoDateTime,
        minimum: z.number().int().openapi({ description: "the policy's minimum days a month" }),
        monthDays: z.number().int(),
        recorded: AttendanceMonthView.optional().openapi({
          description: 'the days recorded when the month was closed',
        }),
        reported: OfficialReport.optional().openapi({
          description:
            "the official's own latest report of the month's days, while the close is open",
        }),
        earlierMonths: z.array(AttendanceMonthView).openapi({
          description: 'months of the term closed before this one, latest first (at most 12)',
        }),
        leaveDaysThisYear: z.number().int(),
        spotCheckAbsencesThisYear: z.number().int(),
      }),
      z.object({
        kind: z.literal('evaluation'),
        year: z.number().int().optional().openapi({ description: 'year of the term (1-based)' }),
        selfReport: z.string().optional(),
        ratingsThisTerm: z.array(z.object({ year: z.number().int(), rating: Rating })),
        ratingsBeforeTerm: z.array(Rating).openapi({
          description: 'the last two yearly ratings before the term, as nominated',
        }),
        spotCheckAbsences: z.number().int(),
      }),
      z.object({
        kind: z.literal('request'),
        requestNo: z.string().optional(),
        filedBy: z.string().optional(),
        filedAt: IsoDateTime.optional(),
        reasons: z.string().optional(),
        reasonCode: z.string().optional().openapi({
          description:
            "the system's reason as a code (e.g. health_unfit) when the system filed the request: the page words it per language",
        }),
      }),
    ])
    .openapi({
      description:
        'the facts the decider needs, by task kind, read from the system of record; absent for kinds that need none',
    }),
);

export const TaskDetailSchema = registry.register(
  'TaskDetail',
  TaskSchema.extend({ context: TaskContextSchema.optional() }),
);

// --- the township's month close ------------------------------------------------------

export const MonthCloseQuery = z
  .object({
    month: z.string().regex(MONTH_PATTERN, 'a calendar month, YYYY-MM').optional().openapi({
      description:
        'calendar month (Asia/Shanghai): the month a close is about (terms on calendar months), or in which a policy month of the term ended (terms from before them); default: the earliest with a close still open, else the current one',
      example: '2026-11',
    }),
    // A township in the actor's jurisdiction; default: their own.
    township: JurisdictionSchema.optional(),
  })
  .strict();

export const MonthCloseRowSchema = z.object({
  officialId: z.string(),
  name: z.string(),
  village: z.string(),
  stage: z.string(),
  post: z.string().optional(),
  minimum: z.number().int(),
  monthDays: z.number().int(),
  lastClosed: AttendanceMonthView.optional().openapi({
    description: 'the latest month of the term closed before this one',
  }),
  recorded: AttendanceMonthView.optional().openapi({
    description: "the days recorded for this row's month, once closed",
  }),
  reported: OfficialReport.optional().openapi({
    description:
      "the official's own latest report of the month's days, while its close is open (POST /api/officials/{officialId}/attendance-reports)",
  }),
  leaveDaysThisYear: z.number().int(),
  spotCheckAbsencesThisYear: z.number().int(),
  task: TaskSchema.optional().openapi({
    description: "the month's close (open or decided); absent when no month of the term ended then",
  }),
});

export const MonthCloseSchema = registry.register(
  'MonthClose',
  z.object({
    month: z.string(),
    township: z.string(),
    openMonths: z.array(z.string()).openapi({
      description: 'calendar months with a month close still open in the township',
    }),
    rows: z.array(MonthCloseRowSchema),
  }),
);
