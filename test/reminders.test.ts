// The reminder activity against a real PostgreSQL and a real SMTP listener:
// who gets the mail, what it says, and that each reminder goes out once.
import { randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createReminderActivities,
  reminderMessageId,
  type ReminderActivities,
} from '../activities/reminders.js';
import type { ReminderOrder } from '../domain/records.js';
import { createPool, migrate, type Pool } from '../platform/db.js';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../platform/mailer.js';
import { createTestDatabase } from './support/servers.js';

const PUBLIC_URL = 'https://zhucun.test.example/';
const FROM = '"驻村管理 Zhucun" <noreply@zhucun.test.example>';
// 17:00 UTC on 1 March is already 2 March in Asia/Shanghai.
const DEADLINE = Date.UTC(2025, 2, 1, 17, 0, 0);

const VILLAGE = 'gx/nanning/wuming/fucheng/village-12';

const ACTORS = [
  ['off-wei', '韦明', 'official', VILLAGE, null, 'wei.ming@village.test'],
  [
    'twp-fucheng-1',
    '府城镇党委 甲',
    'township',
    'gx/nanning/wuming/fucheng',
    null,
    'fucheng1@township.test',
  ],
  [
    'twp-fucheng-2',
    '府城镇党委 乙',
    'township',
    'gx/nanning/wuming/fucheng',
    null,
    'fucheng2@township.test',
  ],
  [
    'twp-other',
    '双桥镇党委',
    'township',
    'gx/nanning/wuming/shuangqiao',
    null,
    'shuangqiao@township.test',
  ],
  ['org-wuming', '武鸣区委组织部', 'county_org', 'gx/nanning/wuming', null, 'org@wuming.test'],
  ['org-binyang', '宾阳县委组织部', 'county_org', 'gx/nanning/binyang', null, 'org@binyang.test'],
  ['org-nanning', '南宁市委组织部', 'county_org', 'gx/nanning', null, 'org@nanning.test'],
  [
    'disc-wuming',
    '武鸣区纪委',
    'screening_body',
    'gx/nanning/wuming',
    'discipline',
    'jw@wuming.test',
  ],
  [
    'police-wuming',
    '武鸣公安分局',
    'screening_body',
    'gx/nanning/wuming',
    'police',
    'police@wuming.test',
  ],
  ['twp-nomail', '无邮箱镇党委', 'township', 'gx/nanning/mashan/zhoulu', null, null],
] as const;

let pool: Pool;
let catcher: MailCatcher;
let mailer: Mailer;
let activities: ReminderActivities;
// Added before the catcher accepts a message: holds the row lock long enough
// for a concurrent call to run into it.
let smtpDelayMs = 0;

beforeAll(async () => {
  const url = await createTestDatabase('reminders');
  await migrate(url);
  pool = createPool(url, { max: 6 });
  for (const [id, name, role, jurisdiction, body, email] of ACTORS) {
    await pool.query(
      'INSERT INTO actors (id, name, role, jurisdiction, body, email) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, name, role, jurisdiction, body, email],
    );
  }
  catcher = await startMailCatcher({
    port: 0,
    onMail: async () => {
      if (smtpDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, smtpDelayMs));
    },
  });
  mailer = createMailer({ host: catcher.host, port: catcher.port, secure: false, from: FROM });
  activities = createReminderActivities({ pool, mailer, from: FROM, publicUrl: PUBLIC_URL });
});

afterAll(async () => {
  mailer?.close();
  await catcher?.stop();
  await pool?.end();
});

beforeEach(() => {
  smtpDelayMs = 0;
});

/** A training reminder for a term of its own, so tests never share keys. */
function trainingOrder(overrides: Partial<ReminderOrder> = {}): ReminderOrder {
  const termId = `term-off-wei-${randomBytes(4).toString('hex')}`;
  const obligation = overrides.obligation ?? 'training:y1';
  const rung = overrides.rung ?? 'due-day';
  return {
    key: `${termId}/${obligation}/${rung}`,
    termId,
    officialId: 'off-wei',
    officialName: '韦明',
    obligation,
    obligationTitle: 'County-level training, year 1',
    rung,
    escalation: false,
    recipients: [
      { role: 'official', jurisdiction: VILLAGE, actorId: 'off-wei' },
      { role: 'township', jurisdiction: VILLAGE },
    ],
    deadline: DEADLINE,
    link: `/terms/${termId}`,
    ...overrides,
  };
}

const fulfilled = <T>(settled: PromiseSettledResult<T>[]): T[] =>
  settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));

/** Attempts refused because another one held the claim (and nothing else went wrong). */
const inFlightRefusals = (settled: PromiseSettledResult<unknown>[]): number =>
  settled.filter(
    (r) =>
      r.status === 'rejected' &&
      r.reason instanceof ApplicationFailure &&
      r.reason.type === 'reminder_in_flight',
  ).length;

const mailsFor = (key: string): CaughtMail[] =>
  catcher.messages().filter((mail) => mail.headers['x-zhucun-reminder'] === key);

async function notification(key: string) {
  const { rows } = await pool.query<{
    status: string;
    recipients: string[];
    attempts: number;
    sent_at: Date | null;
  }>('SELECT status, recipients, attempts, sent_at FROM notifications WHERE key = $1', [key]);
  return rows[0];
}

describe('recipients from the actor directory', () => {
  it('sends a training reminder to the official and the township of the village, in Chinese then English', async () => {
    const order = trainingOrder();
    const result = await activities.sendReminder(order);

    expect(result).toEqual({
      sent: true,
      messageId: reminderMessageId(order.key),
      recipients: ['fucheng1@township.test', 'fucheng2@township.test', 'wei.ming@village.test'],
    });
    const [mail, ...more] = mailsFor(order.key);
    expect(more).toHaveLength(0);
    expect(mail).toBeDefined();
    expect(mail!.messageId).toBe(reminderMessageId(order.key));
    expect([...mail!.to].sort()).toEqual(result.recipients);
    expect(mail!.from).toBe('noreply@zhucun.test.example');

    expect(mail!.subject).toMatch(/^【驻村提醒】.*韦明.*（期限 2025-03-02）$/);
    expect(mail!.subject).toContain('2025-03-02');
    const link = `https://zhucun.test.example/terms/${order.termId}`;
    const text = mail!.text;
    for (const expected of [
      '韦明',
      '第1年度县级培训',
      '2025年3月2日（北京时间）',
      link,
      '每名驻村干部每年至少参加一次县级培训',
    ]) {
      expect(text).toContain(expected);
    }
    // The deadline is the date in Asia/Shanghai, not the UTC date.
    expect(text).not.toContain('2025-03-01');
    // A Chinese reader's mail, in Chinese alone.
    expect(text.replaceAll(link, '')).not.toMatch(/[A-Za-z]{3,}/);
    expect(mail!.html).toContain(`href="${link}"`);
    expect(mail!.html).toContain('第1年度县级培训');
    expect(mail!.html).toContain('须于');

    expect(await notification(order.key)).toMatchObject({
      status: 'sent',
      recipients: result.recipients,
      attempts: 1,
    });
  });

  it('escalates to the county organization department of the county, not its neighbour or the city above', async () => {
    const order = trainingOrder({
      rung: 'overdue-7d',
      escalation: true,
      recipients: [{ role: 'county_org', jurisdiction: 'gx/nanning/wuming' }],
    });
    const result = await activities.sendReminder(order);

    expect(result.recipients).toEqual(['org@wuming.test']);
    const [mail] = mailsFor(order.key);
    expect(mail!.to).toEqual(['org@wuming.test']);
    expect(mail!.subject).toMatch(/^【驻村督办】.*（期限 2025-03-02）$/);
    expect(mail!.text).toContain('已于 2025年3月2日');
  });

  it('finds a county organization department from a village path', async () => {
    const order = trainingOrder({ recipients: [{ role: 'county_org', jurisdiction: VILLAGE }] });
    expect((await activities.sendReminder(order)).recipients).toEqual(['org@wuming.test']);
  });

  it('goes up the tree to the nearest body of the role when the county has none', async () => {
    const order = trainingOrder({
      recipients: [{ role: 'county_org', jurisdiction: 'gx/nanning/mashan' }],
    });
    expect((await activities.sendReminder(order)).recipients).toEqual(['org@nanning.test']);
  });

  it('writes to the named screening body only', async () => {
    const order = trainingOrder({
      obligation: 'reply:task-vet-1',
      obligationTitle: '征求纪检意见 VET-2025-001',
      rung: 'deadline',
      recipients: [
        { role: 'screening_body', jurisdiction: 'gx/nanning/wuming', body: 'discipline' },
      ],
    });
    const result = await activities.sendReminder(order);
    expect(result.recipients).toEqual(['jw@wuming.test']);
    const [mail] = mailsFor(order.key);
    expect(mail!.text).toContain('书面答复');
  });

  it('words a reminder about a task by what the system of record says of the task', async () => {
    const taskId = `t-${randomBytes(4).toString('hex')}`;
    await pool.query(
      `INSERT INTO tasks (id, term_id, official_id, official_name, kind, title, ladder, assignee_role, assignee_jurisdiction,
                          assignee_body, county, township, village, due_at, created_at)
       VALUES ($1, 'term-off-wei', 'off-wei', '韦明', 'vetting_reply', 'Reply to the vetting request', 'reply', 'screening_body',
               'gx/nanning/wuming', 'police', 'gx/nanning/wuming', 'gx/nanning/wuming/fucheng', $2, to_timestamp($3 / 1000.0), now())`,
      [taskId, VILLAGE, DEADLINE],
    );
    const order = trainingOrder({
      obligation: `task:${taskId}`,
      obligationTitle: 'Reply to the vetting request',
      rung: 'overdue-5d',
      escalation: true,
      recipients: [{ role: 'county_org', jurisdiction: 'gx/nanning/wuming' }],
      link: `/tasks/${taskId}`,
    });
    await activities.sendReminder(order);
    const [mail] = mailsFor(order.key);
    expect(mail!.subject).toContain('【驻村督办】答复考察征求意见逾期：韦明');
    expect(mail!.text).toContain('请示「答复考察征求意见」答复期限为 2025年3月2日');
    expect(mail!.text).toContain(`https://zhucun.test.example/tasks/${taskId}`);
  });

  it('records a reminder with nobody to send to, sends nothing and does not fail', async () => {
    const order = trainingOrder({
      recipients: [
        { role: 'township', jurisdiction: 'gx/nanning/mashan/zhoulu/village-3' }, // actor without e-mail
        { role: 'official', jurisdiction: VILLAGE, actorId: 'nobody-of-that-id' },
        { role: 'region_admin', jurisdiction: 'gx' },
      ],
    });
    expect(await activities.sendReminder(order)).toEqual({
      sent: false,
      messageId: reminderMessageId(order.key),
      recipients: [],
    });
    expect(mailsFor(order.key)).toHaveLength(0);
    expect(await notification(order.key)).toMatchObject({
      status: 'sent',
      recipients: [],
      attempts: 1,
    });
    // Recorded: a retry does not look again.
    expect((await activities.sendReminder(order)).sent).toBe(false);
    expect(await notification(order.key)).toMatchObject({ attempts: 1 });
  });
});

describe('exactly once', () => {
  it('sends one message when the same order is sent twice', async () => {
    const order = trainingOrder();
    const first = await activities.sendReminder(order);
    const second = await activities.sendReminder(order);
    expect(first.sent).toBe(true);
    expect(second).toEqual({
      sent: false,
      messageId: first.messageId,
      recipients: first.recipients,
    });
    expect(mailsFor(order.key)).toHaveLength(1);
  });

  it('sends one message when the same order is sent by concurrent calls', async () => {
    smtpDelayMs = 300;
    const order = trainingOrder();
    const settled = await Promise.allSettled(
      Array.from({ length: 4 }, () => activities.sendReminder(order)),
    );
    const results = fulfilled(settled);
    // One attempt claims the row and sends; those that meet its claim back off
    // with a retryable error (Temporal retries them), or find it sent.
    expect(results.filter((r) => r.sent)).toHaveLength(1);
    expect(results.every((r) => r.messageId === results[0]!.messageId)).toBe(true);
    expect(inFlightRefusals(settled)).toBe(settled.length - results.length);
    expect(mailsFor(order.key)).toHaveLength(1);
    expect(await notification(order.key)).toMatchObject({ status: 'sent', attempts: 1 });
    // The retry of a refused attempt finds it sent.
    expect(await activities.sendReminder(order)).toMatchObject({ sent: false });
    expect(mailsFor(order.key)).toHaveLength(1);
  });

  it('throws while SMTP is down, marks nothing sent, and sends once when it is back', async () => {
    const order = trainingOrder();
    await catcher.stop();
    try {
      const started = Date.now();
      await expect(activities.sendReminder(order)).rejects.toThrow();
      // Fails fast, so the activity's retry policy takes over.
      expect(Date.now() - started).toBeLessThan(10_000);
      await expect(activities.sendReminder(order)).rejects.toThrow();
      expect(await notification(order.key)).toMatchObject({
        status: 'pending',
        attempts: 2,
        sent_at: null,
      });
    } finally {
      await catcher.start();
    }
    expect(mailsFor(order.key)).toHaveLength(0);

    // Back up: the retries race each other on the pending row; one sends.
    smtpDelayMs = 300;
    const settled = await Promise.allSettled(
      Array.from({ length: 3 }, () => activities.sendReminder(order)),
    );
    expect(fulfilled(settled).filter((r) => r.sent)).toHaveLength(1);
    expect(inFlightRefusals(settled)).toBe(settled.length - fulfilled(settled).length);
    expect((await activities.sendReminder(order)).sent).toBe(false);
    expect(mailsFor(order.key)).toHaveLength(1);
    expect(await notification(order.key)).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('sends the next rung of the same obligation as a second message', async () => {
    const first = trainingOrder({ rung: 'due-7d' });
    const next = { ...first, rung: 'due-day', key: `${first.termId}/${first.obligation}/due-day` };
    const a = await activities.sendReminder(first);
    const b = await activities.sendReminder(next);
    expect(a.sent && b.sent).toBe(true);
    expect(a.messageId).not.toBe(b.messageId);
    expect(mailsFor(first.key)).toHaveLength(1);
    expect(mailsFor(next.key)).toHaveLength(1);
  });

  it('leaves a row claimed by a live attempt alone, and takes it over once the claim has run out', async () => {
    // An attempt that died between its claim and its mark: the row says 'sending'.
    const order = trainingOrder();
    await activities.sendReminder(order);
    await pool.query(
      `UPDATE notifications SET status = 'sending', sent_at = NULL, claim = gen_random_uuid(),
              claimed_until = now() + interval '1 minute' WHERE key = $1`,
      [order.key],
    );
    const refused = await activities.sendReminder(order).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect((refused as ApplicationFailure).type).toBe('reminder_in_flight');
    expect((refused as ApplicationFailure).nonRetryable).toBe(false);
    expect(mailsFor(order.key)).toHaveLength(1);

    await pool.query(
      `UPDATE notifications SET claimed_until = now() - interval '1 second' WHERE key = $1`,
      [order.key],
    );
    expect(await activities.sendReminder(order)).toMatchObject({ sent: true });
    const mails = mailsFor(order.key);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.messageId).toBe(mails[1]!.messageId);
    expect(await notification(order.key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('sends nothing for a reminder the workflow called off', async () => {
    const order = trainingOrder();
    // What the record activity writes for a reminder called off before its first attempt.
    await pool.query(
      `INSERT INTO notifications (key, term_id, official_id, obligation, rung, message_id, subject, status, cancelled_at)
       VALUES ($1, $2, 'off-wei', 'training:y1', 'due-day', $3, 'called off', 'cancelled', now())`,
      [order.key, order.termId, reminderMessageId(order.key)],
    );
    expect(await activities.sendReminder(order)).toMatchObject({ sent: false, calledOff: true });
    expect(mailsFor(order.key)).toHaveLength(0);
    expect(await notification(order.key)).toMatchObject({ status: 'cancelled', sent_at: null });
  });

  it('records as sent a reminder called off while its message was already on its way', async () => {
    const order = trainingOrder();
    let calledOff!: Promise<unknown>;
    smtpDelayMs = 300;
    const sending = activities.sendReminder(order);
    // Called off once the attempt holds its claim, before SMTP has answered.
    const until = Date.now() + 5_000;
    while ((await notification(order.key))?.status !== 'sending' && Date.now() < until)
      await new Promise((r) => setTimeout(r, 10));
    calledOff = pool.query(
      `UPDATE notifications SET status = 'cancelled', cancelled_at = now()
        WHERE key = $1 AND status IN ('pending', 'sending')`,
      [order.key],
    );
    await calledOff;
    expect(await notification(order.key)).toMatchObject({ status: 'cancelled' });
    expect(await sending).toMatchObject({ sent: true });
    expect(mailsFor(order.key)).toHaveLength(1);
    expect(await notification(order.key)).toMatchObject({ status: 'sent' });
  });

  it('resends with the same Message-ID if the send was accepted but never recorded', async () => {
    // The one window left open: SMTP took the message, the commit was lost.
    const order = trainingOrder();
    await activities.sendReminder(order);
    await pool.query(`UPDATE notifications SET status = 'pending', sent_at = NULL WHERE key = $1`, [
      order.key,
    ]);
    await activities.sendReminder(order);
    const mails = mailsFor(order.key);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.messageId).toBe(mails[1]!.messageId);
  });
});
