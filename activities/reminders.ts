// Reminder e-mails, sent exactly once per ReminderOrder.key.
import { createHash, randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type pg from 'pg';
import { recipientFilterOf } from '../domain/assignment.js';
import type { Assignee, ReminderOrder } from '../domain/records.js';
import { recipientFilterSql } from '../platform/assignment-sql.js';
import { inTransaction } from '../platform/db.js';
import type { Mailer } from '../platform/mailer.js';
import { renderReminder, type TaskFacts } from './templates.js';

export interface ReminderActivityDeps {
  pool: pg.Pool;
  mailer: Mailer;
  /** Sender, e.g. `"驻村管理 Zhucun" <noreply@zhucun.example>`. */
  from: string;
  /** Base URL of the web page; order links are paths under it. */
  publicUrl: string;
}

export interface SendReminderResult {
  /** Whether this call handed a message to SMTP. */
  sent: boolean;
  /** The workflow called the reminder off before any attempt sent it. */
  calledOff?: true;
  messageId: string;
  recipients: string[];
}

/** The same key always yields the same Message-ID, so receivers can drop a resend. */
export function reminderMessageId(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@zhucun>`;
}

/** The columns a notification row starts with ($1…$8), and their values for an order. */
export const NOTIFICATION_COLUMNS =
  'key, term_id, official_id, obligation, rung, escalation, message_id, subject';
export const notificationValues = (order: ReminderOrder, subject: string) => [
  order.key,
  order.termId,
  order.officialId,
  order.obligation,
  order.rung,
  order.escalation,
  reminderMessageId(order.key),
  subject,
];

interface ActorRow {
  id: string;
  jurisdiction: string;
  email: string | null;
}

/**
 * The e-mail addresses of the actors who answer for an assignee (the domain's
 * rule, domain/assignment.ts): the named actor when there is one; else every
 * actor of the role (and screening body) at the *nearest* jurisdiction at or
 * above the assignee's. "Nearest" is the reminders' own choice, not a
 * permission: every actor further up may act too, but is not written to.
 */
async function resolveAssignee(db: pg.ClientBase, assignee: Assignee): Promise<ActorRow[]> {
  const params: unknown[] = [];
  const where = recipientFilterSql(recipientFilterOf(assignee), params);
  const { rows } = await db.query<ActorRow>(
    `SELECT id, jurisdiction, email FROM actors WHERE ${where} ORDER BY length(jurisdiction) DESC, id`,
    params,
  );
  if (assignee.actorId) {
    if (rows.length > 0 || assignee.role !== 'official') return rows;
    // An official not (yet) in the actor directory is still reachable at the
    // address their term record carries.
    const officials = await db.query<ActorRow>(
      'SELECT official_id AS id, village AS jurisdiction, email FROM officials WHERE official_id = $1 AND village = $2',
      [assignee.actorId, assignee.jurisdiction],
    );
    return officials.rows;
  }
  const nearest = rows[0]?.jurisdiction;
  return rows.filter((row) => row.jurisdiction === nearest);
}

/** The task a 'task:<id>' reminder is about, as the system of record has it. */
async function taskOfOrder(db: pg.Pool, order: ReminderOrder): Promise<TaskFacts | undefined> {
  if (!order.obligation.startsWith('task:')) return undefined;
  const { rows } = await db.query<TaskFacts>('SELECT kind, ladder, data FROM tasks WHERE id = $1', [
    order.obligation.slice('task:'.length),
  ]);
  return rows[0];
}

function activityLog() {
  try {
    return Context.current().log;
  } catch {
    // Called outside a worker (tests, scripts).
    return {
      warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
    };
  }
}

interface NotificationRow {
  status: 'pending' | 'sending' | 'sent' | 'cancelled';
  recipients: string[];
  claim_live: boolean;
}

/**
 * How long a claimed row belongs to the attempt that claimed it. Longer than
 * the mailer's timeouts put together, so a live attempt never loses its claim;
 * an attempt that died mid-send holds the row this long at most.
 */
export const CLAIM_LEASE_SECONDS = 90;

export interface ReminderActivityOptions {
  /** Override of CLAIM_LEASE_SECONDS (tests). */
  claimLeaseSeconds?: number;
}

export function createReminderActivities(
  { pool, mailer, from, publicUrl }: ReminderActivityDeps,
  { claimLeaseSeconds = CLAIM_LEASE_SECONDS }: ReminderActivityOptions = {},
) {
  /**
   * Claims the notification row for this attempt, in one short transaction.
   * Returns what to do: send (with the recipients), or nothing (already sent,
   * called off, or nobody to write to).
   */
  async function claim(
    order: ReminderOrder,
    messageId: string,
    subject: string,
    token: string,
  ): Promise<{ send: true; recipients: string[] } | { send: false; result: SendReminderResult }> {
    return inTransaction(pool, async (client) => {
      await client.query(
        `INSERT INTO notifications (${NOTIFICATION_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (key) DO NOTHING`,
        notificationValues(order, subject),
      );
      const { rows } = await client.query<NotificationRow>(
        `SELECT status, recipients, (claimed_until IS NOT NULL AND claimed_until > now()) AS claim_live
           FROM notifications WHERE key = $1 FOR UPDATE`,
        [order.key],
      );
      const row = rows[0];
      if (!row) throw new Error(`notification ${order.key} vanished after insert`);
      if (row.status === 'sent')
        return { send: false, result: { sent: false, messageId, recipients: row.recipients } };
      if (row.status === 'cancelled')
        return {
          send: false,
          result: { sent: false, calledOff: true, messageId, recipients: row.recipients },
        };
      if (row.status === 'sending' && row.claim_live) {
        // Another attempt (a retry racing a slow one, a second worker) is
        // talking to SMTP. Back off; Temporal retries and finds the outcome.
        throw ApplicationFailure.retryable(
          `reminder ${order.key} is being sent by another attempt`,
          'reminder_in_flight',
        );
      }

      const actors: ActorRow[] = [];
      for (const assignee of order.recipients)
        actors.push(...(await resolveAssignee(client, assignee)));
      const recipients = [...new Set(actors.flatMap((a) => (a.email ? [a.email] : [])))].sort();

      if (recipients.length === 0) {
        // Nobody to write to is a gap in the actor directory, not an outage:
        // retrying would not fill it. Record it and let the workflow go on.
        activityLog().warn('Reminder has no recipient in the actor directory', {
          key: order.key,
          assignees: order.recipients,
          actorsWithoutEmail: actors.map((a) => a.id),
        });
        await client.query(
          `UPDATE notifications SET status = 'sent', recipients = '{}', claim = NULL, claimed_until = NULL,
                  attempts = attempts + 1, sent_at = now(), last_error = 'no recipient'
            WHERE key = $1`,
          [order.key],
        );
        return { send: false, result: { sent: false, messageId, recipients: [] } };
      }

      await client.query(
        `UPDATE notifications SET status = 'sending', claim = $2, recipients = $3,
                claimed_until = now() + make_interval(secs => $4), attempts = attempts + 1
          WHERE key = $1`,
        [order.key, token, recipients, claimLeaseSeconds],
      );
      return { send: true, recipients };
    });
  }

  return {
    /**
     * Sends the reminder once, however often it is called.
     *
     * An attempt claims the row (short transaction), hands the message to SMTP
     * with no database connection held, then marks the row sent. A concurrent
     * attempt meets the live claim and is retried by Temporal. One window
     * remains: SMTP accepted the message but the attempt died before marking it
     * sent. Once the claim's lease runs out a retry sends again, with the same
     * Message-ID, which receiving mail systems deduplicate. An SMTP failure
     * releases the claim and throws, so Temporal retries with backoff.
     */
    async sendReminder(order: ReminderOrder): Promise<SendReminderResult> {
      const messageId = reminderMessageId(order.key);
      const mail = renderReminder(order, publicUrl, await taskOfOrder(pool, order));
      const token = randomUUID();
      const claimed = await claim(order, messageId, mail.subject, token);
      if (!claimed.send) return claimed.result;
      const { recipients } = claimed;

      try {
        await mailer.sendMail({
          from,
          to: recipients,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId,
          headers: { 'X-Zhucun-Reminder': order.key },
        });
      } catch (error) {
        // Release the claim (unless the reminder was called off meanwhile) and
        // count the failure; Temporal retries with backoff.
        const reason = error instanceof Error ? error.message : String(error);
        await pool.query(
          `UPDATE notifications SET status = 'pending', claim = NULL, claimed_until = NULL, last_error = $3
            WHERE key = $1 AND claim = $2 AND status = 'sending'`,
          [order.key, token, reason.slice(0, 1000)],
        );
        throw error;
      }

      // Whatever the row says now (even 'cancelled': the workflow called it off
      // while this attempt was sending), the message went: record that.
      await pool.query(
        `UPDATE notifications SET status = 'sent', claim = NULL, claimed_until = NULL,
                sent_at = now(), last_error = NULL
          WHERE key = $1 AND claim = $2`,
        [order.key, token],
      );
      return { sent: true, messageId, recipients };
    },
  };
}

export type ReminderActivities = ReturnType<typeof createReminderActivities>;
