// Before the audit: close whatever month is still open (a term that fell
// behind opens months already overdue) and wait until the reminders are final,
// so that the audit counts facts, not a moment.
//
// Final means: no term workflow is running any more (a term closes after its
// rating and waits for its reminder activities, so nothing can be ordered,
// sent or called off after that), no notification is pending or sending, and
// the log, the notifications table and the mail catcher agree. The wait ends
// as soon as that holds. When they still disagree with nothing left running
// and nothing has moved for STILL_MS, they never will (a notification row the
// log never ordered, say): the audit reports what is lost or unlogged. A term
// still running (one the driver failed to finish) ends the wait only once the
// rest agree and nothing has moved for a policy month (a running term may
// have a rung or a month end still to come); terms still moving hold it, up
// to the budget.
import type { Bench } from '../context.js';
import { ATTENDANCE_KEPT, decideOverApi } from '../drive/tasks.js';
import { forEachConcurrent, log, sleep } from '../lib.js';
import {
  reminderCounts,
  remindersAgree,
  type MailedReminders,
  type ReminderCounts,
} from '../audit.js';
import { townshipOffice } from '../region.js';

const POLL_MS = 250;
const PROGRESS_LOG_MS = 15_000;

/**
 * How long nothing may move before a disagreement is taken as final: longer
 * than a called-off reminder's send already under way takes to land after its
 * term closed, and than visibility lags behind a closing workflow.
 */
export const STILL_MS = 10_000;
/** With terms still running, nothing may move for this many policy days: the longest quiet of a term that is due something. */
export const STILL_WHILE_RUNNING_DAYS = 30;

export interface SettleState {
  /** Open months found (and sent to be closed) in this poll. */
  monthsClosing: number;
  /** Term workflows still running; undefined when visibility cannot say. */
  runningTerms: number | undefined;
  /** Log, notifications table and mail catcher agree, nothing pending. */
  remindersAgree: boolean;
  /** How long nothing (months, terms, counts, mail) has changed. */
  quietMs: number;
  dayMs: number;
}

/** Whether the facts the audit checks are final. */
export function remindersFinal(state: SettleState): boolean {
  if (state.monthsClosing > 0) return false;
  if (state.runningTerms === 0) return state.remindersAgree || state.quietMs >= STILL_MS;
  return (
    state.remindersAgree &&
    state.quietMs >= Math.max(STILL_MS, STILL_WHILE_RUNNING_DAYS * state.dayMs)
  );
}

interface OpenMonth {
  id: string;
  kind: string;
  data: Record<string, unknown> | null;
  official_id: string;
}

/**
 * Closes every month still open on record, of terms still open on record, as
 * its township would. Each month is tried once: a decision that failed after
 * the API caller's retries is a failure on record, not one to repeat every
 * poll. Returns how many months were tried now and how many tried ones are
 * still open.
 */
async function closeOpenMonths(
  bench: Bench,
  tried: Set<string>,
): Promise<{ closing: number; stillOpen: number }> {
  const { rows: openMonths } = await bench.pool.query<OpenMonth>(
    `SELECT t.id, t.kind, t.data, t.official_id FROM tasks t JOIN officials o ON o.term_id = t.term_id
      WHERE t.closed_at IS NULL AND t.kind = 'close_attendance' AND o.closed_at IS NULL`,
  );
  const toClose = openMonths.filter((month) => !tried.has(month.id));
  for (const month of toClose) tried.add(month.id);
  await forEachConcurrent(toClose, bench.options.decideCallers, async (month) => {
    const official = bench.region.officialById(month.official_id);
    await decideOverApi(
      bench,
      official,
      month,
      townshipOffice(official),
      ATTENDANCE_KEPT,
      'domain.sweep.decide',
    );
  });
  return { closing: toClose.length, stillOpen: openMonths.length - toClose.length };
}

let visibilityFailed = false;

/** Term workflows still running, from Temporal's visibility; undefined when it cannot say. */
async function runningTerms(bench: Bench): Promise<number | undefined> {
  try {
    const { count } = await bench.client.workflow.count(
      "WorkflowType = 'termWorkflow' AND ExecutionStatus = 'Running'",
    );
    return count;
  } catch (err) {
    if (!visibilityFailed) log(`settle: cannot count running terms (${(err as Error).message})`);
    visibilityFailed = true;
    return undefined;
  }
}

/** Returns the reminder counts once final (or when the budget is spent). */
export async function settle(bench: Bench, mailed: MailedReminders): Promise<ReminderCounts> {
  const started = Date.now();
  const { settleBudgetMs, dayMs } = bench.options;
  const giveUpAt = started + settleBudgetMs;
  const tried = new Set<string>();
  let lastMoveAt = started;
  let lastState = '';
  let lastProgressLog = started;
  for (;;) {
    const months = await closeOpenMonths(bench, tried);
    const running = await runningTerms(bench);
    const counts = await reminderCounts(bench.pool);
    const now = Date.now();
    const state = JSON.stringify({ months, running, counts, mailed: mailed.messages });
    if (state !== lastState) {
      lastState = state;
      lastMoveAt = now;
    }
    const agree = remindersAgree(counts, mailed);
    const why = `${running ?? '?'} terms running, ${months.stillOpen} months open after a failed close, ${counts.pending} reminders pending, ${counts.logged} logged / ${counts.rows} rows, ${counts.sentWithRecipients} sent / ${mailed.keys} mailed`;
    const final = remindersFinal({
      monthsClosing: months.closing,
      runningTerms: running,
      remindersAgree: agree,
      quietMs: now - lastMoveAt,
      dayMs,
    });
    if (final) {
      log(
        `settled in ${((now - started) / 1000).toFixed(1)} s (${agree ? 'log, table and mail agree' : 'they disagree, and nothing moves'}): ${why}; swept ${tried.size} open attendance tasks`,
      );
      return counts;
    }
    if (now > giveUpAt) {
      log(`not settled after ${settleBudgetMs / 1000} s: ${why}`);
      return counts;
    }
    if (now - lastProgressLog >= PROGRESS_LOG_MS) {
      lastProgressLog = now;
      log(`settling: ${why}`);
    }
    await sleep(POLL_MS);
  }
}
