import { z } from 'zod';

// Every duration, threshold and quota the rules use. A decision records the
// `version` it was taken under, so a changed policy never rewrites history.
export const ReminderRungSchema = z.object({
  id: z.string(),
  // Days relative to the deadline: negative is before it, positive after it.
  offsetDays: z.number(),
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
  version: z.string().min(1),
  // Length of one policy day in milliseconds. 86 400 000 in production; the
  // benchmark and demos scale it down so that a year runs in minutes.
  dayMs: z.number().int().positive(),
  termMonths: z.number().int().min(1),
  monthDays: z.number().int().min(1),
  minTeamSize: z.number().int().min(1),
  minResidenceDaysPerMonth: z.number().int().min(0),
  leave: z.object({
    townshipMaxDays: z.number().int().min(0),
    yearlyCapDays: z.number().int().min(0),
  }),
  absenceLadder: z.object({
    notOutstandingAt: z.number().int().min(1),
    atBestBasicallyCompetentAt: z.number().int().min(1),
    incompetentAt: z.number().int().min(1),
  }),
  countyTrainingsPerYear: z.number().int().min(1),
  healthChecksPerYear: z.number().int().min(1),
  outstandingQuota: z.number().min(0).max(1),
  handoverDays: z.number().int().min(0),
  replyWorkingDays: z.number().int().min(1),
  // Decisions that are not requests (approve dispatch, close attendance, rate).
  decisionDays: z.number().int().min(1),
  retirementAge: z.number().int().min(40),
  // Shortest reason a rejection or a vetting reply may give, in characters.
  // Optional: policies published before it take DEFAULT_MIN_REASON_CHARS.
  minReasonChars: z.number().int().min(1).max(200).optional(),
  minWorkYears: z.number().min(0),
  // A compressed policy (dayMs below a day) runs the calendar over a scaled
  // clock: the run's instant runOriginMs is the calendar's calendarOriginMs.
  // Optional: without it, each term's nomination is its own calendar instant.
  clock: z
    .object({
      runOriginMs: z.number().int().min(0),
      calendarOriginMs: z.number().int().min(0),
    })
    .optional(),
  reminders: z.object({
    training: z.array(ReminderRungSchema),
    reply: z.array(ReminderRungSchema),
    decision: z.array(ReminderRungSchema),
    handover: z.array(ReminderRungSchema),
  }),
});
export type Policy = z.infer<typeof PolicySchema>;

// Defaults and time arithmetic live in a zod-free module that workflows import.
export {
  DEFAULT_POLICY,
  addWorkingDays,
  calendarOf,
  days,
  monthMs,
  scaledPolicy,
  yearMs,
} from './policy-defaults.js';
