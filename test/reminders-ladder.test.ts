// The training reminder ladder of a real term workflow, over a time-skipped
// year: each rung is mailed once, to the right people, whatever fails between.
import { randomBytes } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterEach, describe, expect, it } from 'vitest';
import { createActivities } from '../activities/index.js';
import { deadlineDate } from '../activities/templates.js';
import { obligationsDueAt } from '../domain/duty.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import type { CandidateProfile } from '../domain/profile.js';
import type { ReminderOrder } from '../domain/records.js';
import type { CaughtMail } from '../dev/mail-catcher.js';
import { createMailer } from '../platform/mailer.js';
import {
  TERM_WORKFLOW_TYPE,
  recordHealthCheck,
  recordTraining,
  termView,
  termWorkflowId,
} from '../workflows/messages.js';
import type { termWorkflow } from '../workflows/term.js';
import {
  actor,
  candidate,
  keepHistory,
  SCREENERS,
  sharedBundle,
  useTermHarness,
  type Harness,
} from './support/term-harness.js';

const DAY = DEFAULT_POLICY.dayMs;
const HOUR = 3_600_000;
const MIDDAY = 12 * HOUR; // between two timers of a term: see advanceTo
const PUBLIC_URL = 'http://zhucun.test'; // what the harness gives its workers
const org = actor('org-wuming');
const township = actor('twp-fucheng');

/**
 * The training ladder of DEFAULT_POLICY, in days from the year's due date
 * (31 December of the calendar year), with who each rung goes to.
 */
const RUNGS = [
  { id: 'due-30d', day: -30, to: (official: string) => [official] },
  { id: 'due-7d', day: -7, to: (official: string) => [official] },
  { id: 'due-day', day: 0, to: (official: string) => [official, township.email!].sort() },
  { id: 'overdue-7d', day: 7, to: () => [org.email!] },
] as const;

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});
const handles: WorkflowHandle[] = [];

afterEach(async () => {
  // The time-skipping clock is shared: a finished test's term must not keep
  // running (and mailing) through the next test's years.
  await Promise.allSettled(handles.splice(0).map((wh) => wh.terminate('test over')));
  await h.mail.start(); // in case a test failed while it was stopped
});

type Activities = ReturnType<typeof createActivities>;

/**
 * A worker of our own on a queue of its own, with the harness's database and
 * SMTP listener, whose activities `wrap` may alter.
 */
async function startOwnWorker(
  taskQueue: string,
  options: { wrap?: (activities: Activities) => Activities; maxCachedWorkflows?: number } = {},
) {
  const mailFrom = '"驻村 Zhucun" <noreply@zhucun.local>';
  const activities = createActivities({
    pool: h.pool,
    mailer: createMailer({ host: h.mail.host, port: h.mail.port, secure: false, from: mailFrom }),
    mailFrom,
    publicUrl: PUBLIC_URL,
    client: h.client,
    // Evaluation rounds outlive this worker: they run on the harness's queue.
    taskQueue: h.taskQueue,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: await sharedBundle(),
    activities: options.wrap ? options.wrap(activities) : activities,
    ...(options.maxCachedWorkflows === undefined
      ? {}
      : { maxCachedWorkflows: options.maxCachedWorkflows }),
  });
  const running = worker.run();
  running.catch(() => undefined); // surfaced by stop()
  return {
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

const newCandidate = async (): Promise<CandidateProfile> =>
  candidate(await h.now(), { name: '韦立新' });

/** Vetted, approved, pre-dispatch trained: on duty, on the harness's queue or another one. */
async function dispatch(profile: CandidateProfile, taskQueue = h.taskQueue) {
  const wh = await h.client.workflow.start<typeof termWorkflow>(TERM_WORKFLOW_TYPE, {
    workflowId: termWorkflowId(profile.officialId),
    taskQueue,
    args: [{ profile, policy: DEFAULT_POLICY, nominatedBy: actor('du-nanning') }],
  });
  handles.push(wh);
  for (const body of ['discipline', 'petition', 'police'] as const)
    await h.decide(wh, 'vetting_reply', SCREENERS[body]!, {}, (t) => t.assignee.body === body);
  await h.decide(wh, 'approve_dispatch', org);
  await h.decide(wh, 'record_pre_dispatch_training', org);
  const v = await h.waitFor(wh, 'on duty', (x) => x.stage === 'on_duty');
  // The first year's obligations fall due on its 31 December (calendar years),
  // or at its end, twelve calendar months after dispatch (a term from before them).
  return { wh, yearEnd: obligationsDueAt(v.years[0]!) };
}

/**
 * Skips the shared clock forward to `at` (never back). Every timer of a term
 * falls on a whole day after dispatch, so the tests land between them: an
 * update sent just as a timer fires would cancel a fired timer, which the
 * time-skipping server refuses ("invalid history builder state for action",
 * temporalio/sdk-java#3088), stranding the run.
 */
async function advanceTo(at: number) {
  const now = await env.currentTimeMs();
  if (at > now) await env.sleep(at - now);
}

const trainingKey = (profile: CandidateProfile, rung: string) =>
  `${termWorkflowId(profile.officialId)}/training:y1/${rung}`;
const mailsFor = (key: string): CaughtMail[] =>
  h.mail.messages().filter((m) => m.headers['x-zhucun-reminder'] === key);
const trainingMails = (profile: CandidateProfile) =>
  h.mail
    .messages()
    .filter((m) =>
      m.headers['x-zhucun-reminder']?.startsWith(`${termWorkflowId(profile.officialId)}/training:`),
    );
const waitForMail = (key: string) =>
  h.mail.waitFor((m) => m.headers['x-zhucun-reminder'] === key, 30_000);

async function notificationRows(profile: CandidateProfile, obligation = 'training:y1') {
  const { rows } = await h.pool.query<{
    rung: string;
    status: string;
    attempts: number;
    recipients: string[];
  }>(
    'SELECT rung, status, attempts, recipients FROM notifications WHERE term_id = $1 AND obligation = $2 ORDER BY created_at',
    [termWorkflowId(profile.officialId), obligation],
  );
  return rows;
}

/**
 * The training rows once an attempt has failed (SMTP down): at least one
 * attempt counted and the claim released, not caught mid-attempt ('sending').
 */
async function afterFailedAttempt(profile: CandidateProfile) {
  const until = Date.now() + 20_000;
  let rows = await notificationRows(profile);
  while (!((rows[0]?.attempts ?? 0) > 0 && rows[0]?.status !== 'sending') && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    rows = await notificationRows(profile);
  }
  return rows;
}

/** Every training rung went out exactly once, to its recipients. */
async function expectLadderSentOnce(profile: CandidateProfile) {
  for (const rung of RUNGS) {
    const mails = mailsFor(trainingKey(profile, rung.id));
    expect(mails, rung.id).toHaveLength(1);
    expect([...mails[0]!.to].sort(), rung.id).toEqual(rung.to(profile.email));
  }
  expect(trainingMails(profile)).toHaveLength(RUNGS.length);
  const rows = await notificationRows(profile);
  expect(rows.map((r) => [r.rung, r.status])).toEqual(RUNGS.map((r) => [r.id, 'sent']));
  return rows;
}

describe('the training reminder ladder of a term', () => {
  it('is the ladder of the default policy', () => {
    const ladder = DEFAULT_POLICY.reminders.training;
    expect(ladder.map((r) => [r.id, r.offsetDays, r.escalation])).toEqual(
      RUNGS.map((r) => [r.id, r.day, r.id === 'overdue-7d']),
    );
  });

  it('reminds the official, then the township, then escalates to the county over a year without training', async () => {
    const profile = await newCandidate();
    const { wh, yearEnd } = await dispatch(profile);
    // A health check on record keeps its own ladder quiet.
    await wh.executeUpdate(recordHealthCheck, {
      args: [{ actor: org, fit: true, note: 'yearly check' }],
    });

    await advanceTo(yearEnd - 31 * DAY + MIDDAY);
    await new Promise((r) => setTimeout(r, 500));
    expect(trainingMails(profile)).toEqual([]); // nothing before the first rung

    for (const rung of RUNGS) {
      await advanceTo(yearEnd + rung.day * DAY + HOUR);
      const m = await waitForMail(trainingKey(profile, rung.id));
      expect([...m.to].sort(), rung.id).toEqual(rung.to(profile.email));
    }

    const [first, , dueDay, escalation] = RUNGS.map(
      (r) => mailsFor(trainingKey(profile, r.id))[0]!,
    );
    const date = deadlineDate(yearEnd);
    expect(first!.subject).toBe(`【驻村提醒】第1年度县级培训：韦立新（期限 ${date}）`);
    const link = `${PUBLIC_URL}/officials/${profile.officialId}`;
    for (const m of [first!, dueDay!]) {
      expect(m.text).toContain(
        `驻村干部 韦立新 的培训「第1年度县级培训」须于 ${date.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}`,
      );
      // A Chinese reader's mail: no English besides the link.
      expect(m.text.replaceAll(link, '')).not.toMatch(/[A-Za-z]{3,}/);
      expect(m.text).toContain(link);
      expect(m.html).toContain(`href="${link}"`);
    }
    expect(escalation!.subject).toMatch(/^【驻村督办】第1年度县级培训逾期：韦立新（期限 [-\d]+）$/);
    expect(escalation!.text).toContain('至今未登记完成');

    await expectLadderSentOnce(profile);
    const v = await wh.query(termView);
    const training = v.timeline.filter((e) =>
      e.detail.startsWith('County-level training, year 1:'),
    );
    expect(training.map((e) => e.action)).toEqual([
      'reminded',
      'reminded',
      'reminded',
      'escalated',
    ]);
  });

  it('sends no training reminder when the training was recorded in time', async () => {
    const profile = await newCandidate();
    const { wh, yearEnd } = await dispatch(profile);
    await advanceTo(yearEnd - 260 * DAY + MIDDAY);
    await wh.executeUpdate(recordTraining, {
      args: [{ actor: org, kind: 'county', title: '武鸣区乡村振兴专题培训' }],
    });

    await advanceTo(yearEnd + 8 * DAY + MIDDAY);
    // The health check was not recorded: its escalation shows that the ladders ran.
    await waitForMail(`${termWorkflowId(profile.officialId)}/health:y1/overdue-7d`);
    expect(trainingMails(profile)).toEqual([]);
    expect(await notificationRows(profile)).toEqual([]);
  });

  it('sends each rung once when the activity is retried after it had sent', async () => {
    const taskQueue = `rl-${randomBytes(4).toString('hex')}`;
    const calls = new Map<string, number>();
    // The first attempt of each reminder sends and commits, then fails as if the
    // worker had lost the result: Temporal runs the activity again.
    const worker = await startOwnWorker(taskQueue, {
      wrap: (activities) => ({
        ...activities,
        async sendReminder(order: ReminderOrder) {
          calls.set(order.key, (calls.get(order.key) ?? 0) + 1);
          const result = await activities.sendReminder(order);
          if (Context.current().info.attempt === 1) throw new Error('result lost after the send');
          return result;
        },
      }),
    });
    try {
      const profile = await newCandidate();
      const { wh, yearEnd } = await dispatch(profile, taskQueue);
      await wh.executeUpdate(recordHealthCheck, {
        args: [{ actor: org, fit: true, note: 'yearly check' }],
      });
      for (const rung of RUNGS) {
        await advanceTo(yearEnd + rung.day * DAY + HOUR);
        const key = trainingKey(profile, rung.id);
        await waitForMail(key);
        // Let the retry run (its backoff is 5 s); it finds the reminder sent.
        const until = Date.now() + 30_000;
        while ((calls.get(key) ?? 0) < 2 && Date.now() < until) await env.sleep('10 seconds');
        expect(calls.get(key), rung.id).toBeGreaterThanOrEqual(2);
      }
      const rows = await expectLadderSentOnce(profile);
      expect(rows.map((r) => r.attempts)).toEqual(RUNGS.map(() => 1));
    } finally {
      await worker.stop();
    }
  });

  it('sends each rung once across a worker restart', async () => {
    const taskQueue = `rl-${randomBytes(4).toString('hex')}`;
    // No workflow cache: the time-skipping server never moves a task off the
    // sticky queue of a worker that went away (real servers do, after a
    // timeout), so a cached run would wait for the old worker for ever.
    let worker = await startOwnWorker(taskQueue, { maxCachedWorkflows: 0 });
    try {
      const profile = await newCandidate();
      const { wh, yearEnd } = await dispatch(profile, taskQueue);
      await wh.executeUpdate(recordHealthCheck, {
        args: [{ actor: org, fit: true, note: 'yearly check' }],
      });
      await advanceTo(yearEnd - 7 * DAY + HOUR);
      await waitForMail(trainingKey(profile, 'due-7d'));

      // A new worker process: it rebuilds the term from its history, in which
      // the first two rungs were already sent.
      await worker.stop();
      worker = await startOwnWorker(taskQueue);
      await advanceTo(yearEnd + 7 * DAY + HOUR);
      await waitForMail(trainingKey(profile, 'overdue-7d'));
      await advanceTo(yearEnd + 9 * DAY + MIDDAY);
      await new Promise((r) => setTimeout(r, 500));
      await expectLadderSentOnce(profile);
    } finally {
      await worker.stop();
    }
  });

  it('holds a reminder while SMTP is down, with the term going on, and sends it once when SMTP is back', async () => {
    const profile = await newCandidate();
    const { wh, yearEnd } = await dispatch(profile);
    await wh.executeUpdate(recordHealthCheck, {
      args: [{ actor: org, fit: true, note: 'yearly check' }],
    });
    await advanceTo(yearEnd - 31 * DAY + MIDDAY);

    await h.mail.stop();
    await advanceTo(yearEnd - 29 * DAY + MIDDAY);
    // The rung fell due and was tried (and retried), but nothing is marked sent.
    const key = trainingKey(profile, 'due-30d');
    const rows = await afterFailedAttempt(profile);
    expect(rows).toMatchObject([{ rung: 'due-30d', status: 'pending' }]);
    expect(rows[0]!.attempts).toBeGreaterThanOrEqual(1);
    // The term does not wait for the mail: it logged the reminder and takes decisions.
    const v = await wh.query(termView);
    expect(v.timeline.some((e) => e.action === 'reminded' && e.detail.includes('due-30d'))).toBe(
      true,
    );
    await h.decide(wh, 'close_attendance', township, { days: 24 });

    await h.mail.start();
    // The next retry (backoff at most 10 minutes) goes through.
    const sendUntil = Date.now() + 30_000;
    while (mailsFor(key).length === 0 && Date.now() < sendUntil) await env.sleep('2 minutes');
    await waitForMail(key);
    await env.sleep('30 minutes');
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsFor(key)).toHaveLength(1);
    expect(await notificationRows(profile)).toMatchObject([{ rung: 'due-30d', status: 'sent' }]);
  });
  it('calls off a reminder held by an SMTP outage once the training is recorded, and sends the rest', async () => {
    const profile = await newCandidate();
    const { wh, yearEnd } = await dispatch(profile);
    await advanceTo(yearEnd - 31 * DAY + MIDDAY);
    await h.mail.stop();
    await advanceTo(yearEnd - 29 * DAY + MIDDAY);
    // Both the training and the health-check rungs fell due while SMTP was down.
    const rows = await afterFailedAttempt(profile);
    expect(rows).toMatchObject([{ rung: 'due-30d', status: 'pending' }]);

    await wh.executeUpdate(recordTraining, {
      args: [{ actor: org, kind: 'county', title: 'Village governance course' }],
    });
    await h.mail.start();
    const healthKey = `${termWorkflowId(profile.officialId)}/health:y1/due-30d`;
    const sendUntil = Date.now() + 30_000;
    while (mailsFor(healthKey).length === 0 && Date.now() < sendUntil) await env.sleep('2 minutes');
    await waitForMail(healthKey);
    await env.sleep('30 minutes');
    await new Promise((r) => setTimeout(r, 500));
    // The health check is still owed, so its reminder went out; the training one did not.
    expect(mailsFor(healthKey)).toHaveLength(1);
    expect(mailsFor(trainingKey(profile, 'due-30d'))).toHaveLength(0);
    // Called off on record: the row says so, and so does the term's log.
    expect(await notificationRows(profile)).toMatchObject([
      { rung: 'due-30d', status: 'cancelled' },
    ]);
    const { rows: log } = await h.pool.query<{ action: string; detail: string }>(
      "SELECT action, detail FROM decision_log WHERE term_id = $1 AND action = 'reminder_called_off'",
      [termWorkflowId(profile.officialId)],
    );
    expect(log).toEqual([
      {
        action: 'reminder_called_off',
        detail: expect.stringContaining(trainingKey(profile, 'due-30d')) as string,
      },
    ]);
    await keepHistory('reminder-called-off-running', wh);
  });
});
