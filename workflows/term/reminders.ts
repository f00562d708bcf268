// Reminders: each open task, each year's training and health check, and the
// hand-over has a ladder of rungs (days before or after its deadline, to
// whom, escalation or not). Each rung goes out once, by a key that makes it
// unique forever; one whose obligation was met meanwhile is called off.
import { obligationsDueAt, owesHealthCheck, owesTraining } from '../../domain/duty.js';
import { escalationOf } from '../../domain/escalation.js';
import { days } from '../../domain/policy-defaults.js';
import type { ReminderRung } from '../../domain/policy.js';
import { HANDOVER_ITEMS, type Assignee, type ReminderOrder } from '../../domain/records.js';
import { obligationTitle } from '../../domain/task-titles.js';
import { SYSTEM, type TermData } from './data.js';
import { isHandoverComplete, isHandoverUnderWay } from './handover.js';
import { isFinished, isOnPost, log, type Term } from './ledger.js';
import { countyOrg, dispatchingUnit, officialInVillage, theOfficial, township } from './parties.js';

/** A rung not yet sent, and when it falls due. */
export interface DueRung {
  at: number;
  order: ReminderOrder;
}

/** Who a rung goes to; `assignee` is the task's, for 'assignee' and 'escalation'. */
export function recipientsOf(
  to: ReminderRung['to'],
  profile: TermData['profile'],
  assignee?: Assignee,
): Assignee[] {
  return to.flatMap((recipient): Assignee[] => {
    if (recipient === 'official') return [theOfficial(profile)];
    if (recipient === 'township') return [township(profile)];
    if (recipient === 'county_org') return [countyOrg(profile)];
    if (recipient === 'dispatching_unit') return [dispatchingUnit(profile)];
    if (recipient === 'assignee') return assignee ? [assignee] : [];
    if (recipient === 'escalation' && assignee) return [escalationOf(assignee, profile.village)];
    return [];
  });
}

/** Every reminder rung not yet sent, with the time it falls due. */
export function pendingRungs(data: TermData): DueRung[] {
  const policy = data.policy;
  const profile = data.profile;
  const rungs: DueRung[] = [];
  const add = (
    obligation: string,
    title: string,
    deadline: number,
    ladder: ReminderRung[],
    recipientsFor: (rung: ReminderRung) => Assignee[],
    link: string,
  ) => {
    for (const rung of ladder) {
      const key = `${data.termId}/${obligation}/${rung.id}`;
      if (data.reminded.includes(key)) continue;
      rungs.push({
        at: deadline + days(policy, rung.offsetDays),
        order: {
          key,
          termId: data.termId,
          officialId: profile.officialId,
          officialName: profile.name,
          obligation,
          obligationTitle: title,
          rung: rung.id,
          escalation: rung.escalation,
          recipients: recipientsFor(rung),
          deadline,
          link,
        },
      });
    }
  };

  for (const task of data.openTasks) {
    // The hand-over has its own ladder below.
    if (task.kind === 'sign_handover' || task.kind === 'nominate_successor') continue;
    add(
      `task:${task.id}`,
      task.title,
      task.dueAt,
      policy.reminders[task.ladder],
      (rung) => recipientsOf(rung.to, profile, task.assignee),
      `/tasks/${encodeURIComponent(task.id)}`,
    );
  }
  const officialPage = `/officials/${encodeURIComponent(profile.officialId)}`;
  if (isOnPost(data) && data.stage !== 'handing_over') {
    for (const year of data.years) {
      if (owesTraining(year, policy))
        add(
          `training:y${year.year}`,
          obligationTitle({ kind: 'training', year: year.year }, 'en'),
          obligationsDueAt(year),
          policy.reminders.training,
          (rung) => recipientsOf(rung.to, profile),
          officialPage,
        );
      if (owesHealthCheck(year, policy))
        add(
          `health:y${year.year}`,
          obligationTitle({ kind: 'health_check', year: year.year }, 'en'),
          obligationsDueAt(year),
          // Health checks follow the training's ladder.
          policy.reminders.training,
          (rung) => recipientsOf(rung.to, profile),
          officialPage,
        );
    }
  }
  const handover = data.handover;
  if (handover && !isHandoverComplete(handover)) {
    // Only an official with items still to sign is reminded.
    const unsigned = (side: 'outgoing' | 'incoming') =>
      HANDOVER_ITEMS.some((item) => handover.signatures[item][side] === undefined);
    const behind: Assignee[] = [
      ...(unsigned('outgoing') ? [theOfficial(profile)] : []),
      ...(unsigned('incoming') ? [officialInVillage(profile, handover.incomingOfficialId)] : []),
    ];
    add(
      `handover:${handover.incomingTermId}`,
      obligationTitle({ kind: 'handover' }, 'en'),
      handover.dueAt,
      policy.reminders.handover,
      (rung) => (rung.escalation ? [countyOrg(profile)] : behind),
      officialPage,
    );
  }
  return rungs;
}

/** When the next rung falls due, if any. */
export function nextReminderAt(data: TermData): number | undefined {
  const times = pendingRungs(data).map((rung) => rung.at);
  return times.length ? Math.min(...times) : undefined;
}

/** Sends every rung due by `now`, earliest first, each once. */
export function sendDueReminders(term: Term, now: number): void {
  const data = term.data;
  for (const { at, order } of pendingRungs(data).sort((a, b) => a.at - b.at)) {
    if (at > now) continue;
    data.reminded.push(order.key);
    term.effects.push({ type: 'remind', order });
    log(
      term,
      now,
      SYSTEM,
      order.escalation ? 'escalated' : 'reminded',
      `${order.obligationTitle}: ${order.rung} → ${order.recipients.map((recipient) => recipient.actorId ?? recipient.role).join(', ')}`,
      { params: reminderParams(data, order) },
    );
  }
}

/**
 * A reminder's timeline values: what it is about (a task's kind, a year's
 * training or health check, the hand-over), the rung, and to whom (actor ids,
 * or roles, `role:body` for a screening body).
 */
function reminderParams(data: TermData, order: ReminderOrder): Record<string, string | number> {
  const [obligation = '', rest = ''] = order.obligation.split(/:(.*)/s);
  const task = obligation === 'task' ? data.openTasks.find((open) => open.id === rest) : undefined;
  const year = /^y(\d+)$/.exec(rest)?.[1];
  return {
    obligation,
    ...(task
      ? { taskKind: task.kind, ...(task.requestNo ? { requestNo: task.requestNo } : {}) }
      : {}),
    ...(year !== undefined && obligation !== 'task' ? { year: Number(year) } : {}),
    rung: order.rung,
    recipients: order.recipients
      .map(
        (recipient) =>
          recipient.actorId ??
          (recipient.body ? `${recipient.role}:${recipient.body}` : recipient.role),
      )
      .join(','),
  };
}

/** Whether a reminder ordered earlier is still worth sending. */
export function isStillDue(data: TermData, order: ReminderOrder): boolean {
  if (isFinished(data)) return false;
  const [kind, rest = ''] = order.obligation.split(/:(.*)/s);
  if (kind === 'task') return data.openTasks.some((task) => task.id === rest);
  if (kind === 'handover') return isHandoverUnderWay(data) && !isHandoverComplete(data.handover);
  const year = data.years.find((candidate) => `y${candidate.year}` === rest);
  if (!year) return false;
  if (kind === 'training') return owesTraining(year, data.policy);
  if (kind === 'health') return owesHealthCheck(year, data.policy);
  return true;
}

/**
 * A reminder ordered earlier will not go out: its obligation was met (or the
 * term ended) while it waited for SMTP. On record, so that every reminder
 * ordered ends either sent or called off.
 */
export function callOffReminder(term: Term, now: number, order: ReminderOrder): void {
  (term.data.pending.remindersCalledOff ??= []).push(order);
  log(
    term,
    now,
    SYSTEM,
    'reminder_called_off',
    `${order.obligationTitle}: ${order.rung} no longer due (${order.key})`,
    { params: reminderParams(term.data, order) },
  );
}
