// Reminder e-mails, sent exactly once per ReminderOrder.key.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type pg from 'pg';
import type { Assignee, ReminderOrder } from '../domain/records.js';
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
  messageId: string;
  recipients: string[];
}

/** The same key always yields the same Message-ID, so receivers can drop a resend. */
export function reminderMessageId(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@zhucun>`;
}

interface ActorRow {
  id: string;
  jurisdiction: string;
  email: string | null;
}

/** The path and every ancestor of it, nearest first: a/b/c → [a/b/c, a/b, a]. */
function pathAndAncestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/'));
}

/**
 * The e-mail addresses of the actors an assignee stands for: the named actor
 * when there is one; else every actor of the role (and screening body) at the
 * nearest jurisdiction at or above the assignee's.
 */
async function resolveAssignee(db: pg.ClientBase, assignee: Assignee): Promise<ActorRow[]> {
  if (assignee.actorId) {
    const { rows } = await db.query<ActorRow>(
      'SELECT id, jurisdiction, email FROM actors WHERE id = $1',
      [assignee.actorId],
    );
    if (rows.length > 0 || assignee.role !== 'official') return rows;
    // An official not (yet) in the actor directory is still reachable at the
    // address their term record carries.
    const officials = await db.query<ActorRow>(
      'SELECT official_id AS id, village AS jurisdiction, email FROM officials WHERE official_id = $1',
      [assignee.actorId],
    );
    return officials.rows;
  }
  const { rows } = await db.query<ActorRow>(
    `SELECT id, jurisdiction, email FROM actors
      WHERE role = $1 AND jurisdiction = ANY($2::text[]) AND ($3::text IS NULL OR body = $3)
      ORDER BY length(jurisdiction) DESC, id`,
    [assignee.role, pathAndAncestors(assignee.jurisdiction), assignee.body ?? null],
  );
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
  status: 'pending' | 'sent';
  recipients: string[];
}

export function createReminderActivities({ pool, mailer, from, publicUrl }: ReminderActivityDeps) {
  return {
    /**
     * Sends the reminder once, however often it is called.
     *
     * The notification row is locked for the whole send: a concurrent call (a
     * retry racing a slow attempt, a second worker) waits on the lock and then
     * finds the row sent. One window remains: SMTP accepted the message but the
     * commit was lost (crash, lost connection). The retry then sends again with
     * the same Message-ID, which receiving mail systems deduplicate. An SMTP
     * failure throws, so Temporal retries with backoff; the row stays pending.
     */
    async sendReminder(order: ReminderOrder): Promise<SendReminderResult> {
      const messageId = reminderMessageId(order.key);
      const mail = renderReminder(order, publicUrl, await taskOfOrder(pool, order));
      const client = await pool.connect();
      let open = false; // a transaction to roll back on error
      let broken = false;
      try {
        await client.query('BEGIN');
        open = true;
        await client.query(
          `INSERT INTO notifications (key, term_id, official_id, obligation, rung, escalation, message_id, subject)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (key) DO NOTHING`,
          [
            order.key,
            order.termId,
            order.officialId,
            order.obligation,
            order.rung,
            order.escalation,
            messageId,
            mail.subject,
          ],
        );
        const { rows } = await client.query<NotificationRow>(
          'SELECT status, recipients FROM notifications WHERE key = $1 FOR UPDATE',
          [order.key],
        );
        const row = rows[0];
        if (!row) throw new Error(`notification ${order.key} vanished after insert`);
        if (row.status === 'sent') {
          await client.query('COMMIT');
          open = false;
          return { sent: false, messageId, recipients: row.recipients };
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
            `UPDATE notifications SET status = 'sent', recipients = '{}',
                    attempts = attempts + 1, sent_at = now(), last_error = 'no recipient'
              WHERE key = $1`,
            [order.key],
          );
          await client.query('COMMIT');
          open = false;
          return { sent: false, messageId, recipients: [] };
        }

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
          // Keep the row pending but count the attempt, then let Temporal retry.
          const reason = error instanceof Error ? error.message : String(error);
          await client.query(
            'UPDATE notifications SET attempts = attempts + 1, last_error = $2, recipients = $3 WHERE key = $1',
            [order.key, reason.slice(0, 1000), recipients],
          );
          await client.query('COMMIT');
          open = false;
          throw error;
        }

        await client.query(
          `UPDATE notifications SET status = 'sent', recipients = $2,
                  attempts = attempts + 1, sent_at = now(), last_error = NULL
            WHERE key = $1`,
          [order.key, recipients],
        );
        await client.query('COMMIT');
        open = false;
        return { sent: true, messageId, recipients };
      } catch (error) {
        if (open) {
          // The connection itself may have broken: then drop it from the pool.
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

export type ReminderActivities = ReturnType<typeof createReminderActivities>;
