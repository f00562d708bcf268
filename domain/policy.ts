import { z } from 'zod';

// Every duration, threshold and quota the rules use. A decision records the
// `version` it was taken under, so a changed policy never rewrites history.
export const ReminderRungSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and -'),
  // Days relative to the deadline: negative is before it, positive after it.
  offsetDays: z.number().min(-366).max(366),
  to: z.array(
    z.enum([
      'official',
      'township',
      'county_org',
      'dispatching_unit',
      'screening_body',
      'assignee',
      'escalation',
    ]),
  ),
  escalation: z.boolean().default(false),
});
export type ReminderRung = z.infer<typeof ReminderRungSchema>;

export const PolicySchema = z.object({
  version: z.string().min(1).max(80),
  // Length of one policy day in milliseconds. 86 400 000 in production; the
  // benchmark and demos scale it down so that a year runs in minutes.
  dayMs: z.number().int().positive().max(86_400_000),
  termMonths: z.number().int().min(1).max(120),
  monthDays: z.number().int().min(1).max(31),
  minTeamSize: z.number().int().min(1).max(20),
  minResidenceDaysPerMonth: z.number().int().min(0).max(31),
  leave: z.object({
    townshipMaxDays: z.number().int().min(0).max(366),
    yearlyCapDays: z.number().int().min(0).max(366),
  }),
  absenceLadder: z.object({
    notOutstandingAt: z.number().int().min(1).max(100),
    atBestBasicallyCompetentAt: z.number().int().min(1).max(100),
    incompetentAt: z.number().int().min(1).max(100),
  }),
  countyTrainingsPerYear: z.number().int().min(1).max(52),
  healthChecksPerYear: z.number().int().min(1).max(12),
  outstandingQuota: z.number().min(0).max(1),
  handoverDays: z.number().int().min(0).max(366),
  // How many months before a term's end its dispatching unit is asked for a
  // successor (terms under patched('term-end-succession')): room for vetting,
  // pre-dispatch training and the hand-over's overlap. Optional: policies
  // published before it take DEFAULT_SUCCESSOR_LEAD_MONTHS.
  successorLeadMonths: z.number().int().min(1).max(24).optional(),
  replyWorkingDays: z.number().int().min(1).max(250),
  // Decisions that are not requests (approve dispatch, close attendance, rate).
  decisionDays: z.number().int().min(1).max(366),
  retirementAge: z.number().int().min(40).max(80),
  // Shortest reason a rejection or a vetting reply may give, in characters.
  // Optional: policies published before it take DEFAULT_MIN_REASON_CHARS.
  minReasonChars: z.number().int().min(1).max(200).optional(),
  minWorkYears: z.number().min(0).max(60),
  // A compressed policy (dayMs below a day) runs the calendar over a scaled
  // clock: the run's instant runOriginMs is the calendar's calendarOriginMs.
  // Optional: without it, each term's nomination is its own calendar instant.
  clock: z
    .object({
      runOriginMs: z.number().int().min(0),
      calendarOriginMs: z.number().int().min(0),
    })
    .optional(),
  // Terms under patched('calendar-years'): a part year (the first or the
  // last) shorter than minPartYearDays joins its neighbour; every county's evaluation
  // of a calendar year opens on evaluationOpens (Shanghai). Optional:
  // without it, DEFAULT_CALENDAR_YEAR (92 days: dispatched after 1 October;
  // 1 December).
  calendarYear: z
    .object({
      minPartYearDays: z.number().int().min(1).max(366),
      evaluationOpens: z.object({
        month: z.number().int().min(1).max(12),
        day: z.number().int().min(1).max(31),
      }),
    })
    .optional(),
  reminders: z.object({
    training: z.array(ReminderRungSchema).max(10),
    reply: z.array(ReminderRungSchema).max(10),
    decision: z.array(ReminderRungSchema).max(10),
    handover: z.array(ReminderRungSchema).max(10),
  }),
});
export type Policy = z.infer<typeof PolicySchema>;

// Defaults and time arithmetic live in a zod-free module that workflows import.
export {
  DEFAULT_CALENDAR_YEAR,
  DEFAULT_POLICY,
  DEFAULT_SUCCESSOR_LEAD_MONTHS,
  calendarYearRules,
  successorLeadMonthsOf,
  addWorkingDays,
  calendarOf,
  days,
  monthMs,
  scaledPolicy,
  yearMs,
} from './policy-defaults.js';
