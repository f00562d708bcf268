// Nothing lost, nothing doubled. Every decision and fact the product
// acknowledged must be on the decision log exactly once (and its task closed);
// every reminder the workflows ordered (logged 'reminded' or 'escalated') must
// have a notification row that ended sent and was caught by the mail catcher
// once, or was called off with its own log entry. The bare baseline's sampled
// workflows must each have taken every step once.
import type { Client } from '@temporalio/client';
import type { Pool } from '../platform/db.js';
import { bareCounts, bareWorkflowId } from './bare-workflow.js';
import { round } from './lib.js';
import type { Recorder } from './recorder.js';
import type { Official } from './region.js';

/** Each reminder the catcher took, counted by its key (no bodies kept). */
export class MailedReminders {
  private readonly timesByKey = new Map<string, number>();
  private readonly arrivals: number[] = [];

  take(key: string): void {
    this.timesByKey.set(key, (this.timesByKey.get(key) ?? 0) + 1);
    this.arrivals.push(Date.now());
  }

  /** Distinct reminders mailed. */
  get keys(): number {
    return this.timesByKey.size;
  }

  /** Messages mailed, repeats included. */
  get messages(): number {
    return this.arrivals.length;
  }

  has(key: string): boolean {
    return this.timesByKey.has(key);
  }

  /** Messages beyond the first of each reminder. */
  repeats(): number {
    return [...this.timesByKey.values()].reduce((sum, times) => sum + Math.max(0, times - 1), 0);
  }

  /** Reminders per second over the whole mail, and the peak over any 10 s. */
  rate(): { sentPerSecond: number; peakPerSecond10s: number } {
    const wave = [...this.arrivals].sort((a, b) => a - b);
    const sentPerSecond =
      wave.length > 1 ? round(wave.length / ((wave[wave.length - 1]! - wave[0]!) / 1000)) : NaN;
    let peak = 0;
    for (let last = 0, first = 0; last < wave.length; last++) {
      while (wave[last]! - wave[first]! > 10_000) first++;
      peak = Math.max(peak, (last - first + 1) / 10);
    }
    return { sentPerSecond, peakPerSecond10s: round(peak) };
  }
}

/** The reminders as the system of record has them. */
export interface ReminderCounts {
  /** 'reminded' and 'escalated' entries on the decision log: reminders ordered. */
  logged: number;
  /** Notification rows, whatever their status. */
  rows: number;
  /** Rows still 'pending' or 'sending'. */
  pending: number;
  calledOff: number;
  calledOffLogged: number;
  sentWithRecipients: number;
  noRecipient: number;
}

export async function reminderCounts(pool: Pool): Promise<ReminderCounts> {
  const { rows } = await pool.query<ReminderCounts>(`
    SELECT (SELECT count(*) FROM decision_log WHERE action IN ('reminded', 'escalated')) AS "logged",
           (SELECT count(*) FROM notifications) AS "rows",
           (SELECT count(*) FROM notifications WHERE status IN ('pending', 'sending')) AS "pending",
           (SELECT count(*) FROM notifications WHERE status = 'cancelled') AS "calledOff",
           (SELECT count(*) FROM decision_log WHERE action = 'reminder_called_off') AS "calledOffLogged",
           (SELECT count(*) FROM notifications WHERE status = 'sent' AND cardinality(recipients) > 0) AS "sentWithRecipients",
           (SELECT count(*) FROM notifications WHERE status = 'sent' AND cardinality(recipients) = 0) AS "noRecipient"`);
  return rows[0]!;
}

/** Whether the log, the notifications table and the catcher tell the same story, with nothing left to send. */
export function remindersAgree(counts: ReminderCounts, mailed: MailedReminders): boolean {
  return (
    counts.pending === 0 &&
    counts.logged === counts.rows &&
    counts.sentWithRecipients === mailed.keys
  );
}

export async function auditReminders(
  pool: Pool,
  counts: ReminderCounts,
  mailed: MailedReminders,
  officials: number,
) {
  const { rows: sentRows } = await pool.query<{ key: string }>(
    "SELECT key FROM notifications WHERE status = 'sent' AND cardinality(recipients) > 0",
  );
  const notMailed = sentRows.filter((row) => !mailed.has(row.key)).length;
  // Every reminder ordered (logged) has a row that ends sent (and mailed) or called off
  // (cancelled, with its own log entry); a row still pending or sending, a row missing,
  // a sent row the catcher never saw, or a cancellation nobody logged is a lost reminder.
  const lost =
    Math.max(0, counts.logged - counts.rows) +
    counts.pending +
    notMailed +
    Math.max(0, counts.calledOff - counts.calledOffLogged);
  // What the reminders were about, and which tasks were decided after their deadline:
  // a reminder beyond the yearly training and health rungs means someone acted late.
  const { rows: byObligation } = await pool.query<{ what: string; rung: string; n: number }>(
    `SELECT COALESCE(t.kind, split_part(n.obligation, ':', 1)) AS what, n.rung, count(*)::int AS n
       FROM notifications n LEFT JOIN tasks t ON n.obligation = 'task:' || t.id
      GROUP BY 1, 2 ORDER BY 3 DESC`,
  );
  const { rows: lateTasks } = await pool.query<{ kind: string; late: number; total: number }>(
    `SELECT kind, count(*) FILTER (WHERE closed_at IS NULL AND due_at < now() OR closed_at > due_at)::int AS late,
            count(*)::int AS total
       FROM tasks GROUP BY kind ORDER BY 2 DESC`,
  );
  const { rows: yearlyDue } = await pool.query<{ n: number }>(
    "SELECT count(*) AS n FROM notifications WHERE rung = 'due-30d' AND (obligation = 'training:y1' OR obligation = 'health:y1')",
  );
  return {
    figures: {
      ...mailed.rate(),
      mailed: mailed.messages,
      mailedKeys: mailed.keys,
      logged: counts.logged,
      notificationRows: counts.rows,
      noRecipient: counts.noRecipient,
      calledOff: counts.calledOff,
      expectedTrainingAndHealth: 2 * officials,
      trainingAndHealthRows: yearlyDue[0]!.n,
      byObligation,
      lateTasks,
    },
    lost,
    doubled: mailed.repeats(),
    // Rows the log never ordered: not counted as lost (each went out or was called off),
    // but the record missed them.
    unlogged: Math.max(0, counts.rows - counts.logged),
  };
}

const LOGGED_DECISIONS =
  "('request_replied','dispatch_approved','trained','attendance_closed','self_reported','rated','nomination_ended')";
const IDS_PER_QUERY = 5_000;

/** Every acknowledged decision is in the log exactly once, and its task is closed; every fact too. */
export async function auditDecisions(pool: Pool, recorder: Recorder) {
  const taskIds = [...recorder.acknowledgedDecisions.entries()]
    .filter(([, action]) => action !== 'bare')
    .map(([taskId]) => taskId);
  const logEntries = new Map<string, number>();
  for (let from = 0; from < taskIds.length; from += IDS_PER_QUERY) {
    const { rows } = await pool.query<{ task_id: string; n: number }>(
      `SELECT task_id, count(*) AS n FROM decision_log WHERE task_id = ANY($1) AND role <> 'system'
         AND action IN ${LOGGED_DECISIONS} GROUP BY task_id`,
      [taskIds.slice(from, from + IDS_PER_QUERY)],
    );
    for (const row of rows) logEntries.set(row.task_id, row.n);
  }
  const { rows: stillOpen } = await pool.query<{ n: number }>(
    'SELECT count(*) AS n FROM tasks WHERE id = ANY($1) AND closed_at IS NULL',
    [taskIds],
  );
  let lost = Number(stillOpen[0]!.n);
  let doubled = 0;
  const tally = (entries: number) => {
    if (entries === 0) lost++;
    if (entries > 1) doubled += entries - 1;
  };
  for (const taskId of taskIds) tally(logEntries.get(taskId) ?? 0);

  const { rows: factRows } = await pool.query<{ official_id: string; action: string; n: number }>(
    "SELECT official_id, action, count(*) AS n FROM decision_log WHERE task_id IS NULL AND role <> 'system' AND action IN ('trained','health_checked') GROUP BY official_id, action",
  );
  const factEntries = new Map(
    factRows.map((row) => [`${row.official_id}/${row.action}`, Number(row.n)]),
  );
  // An official may have several facts of a kind (the simulation's trainings):
  // compare how many were acknowledged with how many the log has.
  const acknowledgedFacts = new Map<string, number>();
  for (const fact of recorder.acknowledgedFacts) {
    const key = `${fact.officialId}/${fact.fact}`;
    acknowledgedFacts.set(key, (acknowledgedFacts.get(key) ?? 0) + 1);
  }
  for (const [key, acknowledged] of acknowledgedFacts) {
    const entries = factEntries.get(key) ?? 0;
    lost += Math.max(0, acknowledged - entries);
    doubled += Math.max(0, entries - acknowledged);
  }

  return { acknowledged: taskIds.length + recorder.acknowledgedFacts.length, lost, doubled };
}

const BARE_STEPS = [
  'vet:0',
  'vet:1',
  'vet:2',
  'approve',
  'train',
  ...Array.from({ length: 12 }, (_, month) => `month:${month + 1}`),
  'training',
  'health',
  'self',
  'rate',
];
const BARE_SAMPLE_MAX = 200;

/** Asks sampled bare workflows which steps they took, and how many Updates they applied. */
export async function auditBaseline(client: Client, cohort: Official[], sampleEvery: number) {
  const sample = cohort
    .filter((official) => official.index % sampleEvery === 0)
    .slice(0, BARE_SAMPLE_MAX);
  let lost = 0;
  let doubled = 0;
  for (const official of sample) {
    const taken = await client.workflow.getHandle(bareWorkflowId(official.index)).query(bareCounts);
    lost += BARE_STEPS.filter((step) => !taken.decided.includes(step)).length;
    doubled += Math.max(0, taken.updates - new Set(taken.decided).size);
  }
  return { sampled: sample.length, lost, doubled };
}
