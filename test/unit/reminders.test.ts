// The reminder schedule: each ladder's rungs relative to its deadline, who
// each rung goes to, each rung once, and calling off what is no longer due.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy-defaults.js';
import type { ReminderOrder } from '../../domain/records.js';
import { HANDOVER_ITEMS } from '../../domain/records.js';
import { fileRecallRequest } from '../../workflows/term/cases.js';
import {
  closeMonthsDue,
  recordCountyTraining,
  recordHealthCheck,
} from '../../workflows/term/duty-year.js';
import { signHandover } from '../../workflows/term/handover.js';
import {
  callOffReminder,
  isStillDue,
  pendingRungs,
  recipientsOf,
  sendDueReminders,
} from '../../workflows/term/reminders.js';
import { onSuccessorProgress } from '../../workflows/term/succession.js';
import { DAY, ORG, POLICY, UNIT, candidate, officialOf } from './support/term-fixtures.js';
import { DISPATCHED_AT, decideKind, inVetting, onDuty } from './support/terms.js';

const profile = candidate('off-1');
const rungsOf = (term: ReturnType<typeof onDuty>, obligation: string) =>
  pendingRungs(term.data).filter((rung) => rung.order.obligation === obligation);

describe('reminder recipients', () => {
  it('resolves each role over the places of the village', () => {
    expect(
      recipientsOf(['official', 'township', 'county_org', 'dispatching_unit'], profile),
    ).toEqual([
      { role: 'official', jurisdiction: profile.village, actorId: 'off-1' },
      { role: 'township', jurisdiction: 'gx/nanning/wuming/fucheng' },
      { role: 'county_org', jurisdiction: 'gx/nanning/wuming' },
      { role: 'dispatching_unit', jurisdiction: profile.village },
    ]);
  });

  it.each([
    ['screening_body', 'county_org', 'gx/nanning/wuming'],
    ['township', 'county_org', 'gx/nanning/wuming'],
    ['official', 'township', 'gx/nanning/wuming/fucheng'],
    ['dispatching_unit', 'county_org', 'gx/nanning/wuming'],
    ['county_org', 'region_admin', 'gx'],
    ['region_admin', 'region_admin', 'gx'],
  ] as const)('escalates a task of %s to %s over %s', (role, up, jurisdiction) => {
    const assignee = { role, jurisdiction: profile.village };
    expect(recipientsOf(['assignee'], profile, assignee)).toEqual([assignee]);
    expect(recipientsOf(['escalation'], profile, assignee)).toEqual([{ role: up, jurisdiction }]);
  });

  it('has nobody for "assignee" or "escalation" without a task', () => {
    expect(recipientsOf(['assignee', 'escalation'], profile)).toEqual([]);
  });
});

describe('the reminder schedule', () => {
  it('places every rung of every ladder at its offset from the deadline', () => {
    const term = onDuty();
    fileRecallRequest(term, DISPATCHED_AT, UNIT, 'needed'); // a reply task
    closeMonthsDue(term, DISPATCHED_AT + POLICY.monthDays * DAY); // a decision task
    const offsets = (obligation: string, deadline: number) =>
      rungsOf(term, obligation).map((rung) => [rung.order.rung, (rung.at - deadline) / DAY]);
    const ladder = (name: keyof typeof DEFAULT_POLICY.reminders) =>
      DEFAULT_POLICY.reminders[name].map((rung) => [rung.id, rung.offsetDays]);
    for (const task of term.data.openTasks)
      expect(offsets(`task:${task.id}`, task.dueAt)).toEqual(ladder(task.ladder));
    const year = term.data.years[0]!;
    expect(offsets('training:y1', year.endsAt)).toEqual(ladder('training'));
    expect(offsets('health:y1', year.endsAt)).toEqual(ladder('training'));
  });

  it('sends each rung once, soonest first, as it falls due', () => {
    const term = onDuty();
    const year = term.data.years[0]!;
    sendDueReminders(term, year.endsAt);
    const sent = term.effects.map((effect) => effect.type === 'remind' && effect.order.key);
    expect(sent).toEqual([
      'term-off-1/training:y1/due-30d',
      'term-off-1/health:y1/due-30d',
      'term-off-1/training:y1/due-7d',
      'term-off-1/health:y1/due-7d',
      'term-off-1/training:y1/due-day',
      'term-off-1/health:y1/due-day',
    ]);
    sendDueReminders(term, year.endsAt);
    expect(term.effects).toHaveLength(6);
    expect(term.data.reminded).toEqual(sent);
  });

  it('reminds before the pre-dispatch stages only of tasks, and on post of the year too', () => {
    expect(
      pendingRungs(inVetting().data).every((rung) => rung.order.obligation.startsWith('task:')),
    ).toBe(true);
    expect(pendingRungs(onDuty().data).map((rung) => rung.order.obligation)).toContain(
      'training:y1',
    );
  });

  it('reminds of the hand-over only the official with items still to sign; escalates to the county', () => {
    const term = onDuty();
    fileRecallRequest(term, DISPATCHED_AT, UNIT, 'needed');
    decideKind(term, DISPATCHED_AT, 'recall_reply', ORG);
    const progress = (status: 'nominated' | 'dispatched') =>
      onSuccessorProgress(term, DISPATCHED_AT + DAY, {
        successorTermId: 'term-off-2',
        successorOfficialId: 'off-2',
        caseId: 'term-off-1.c1',
        status,
        at: DISPATCHED_AT + DAY,
      });
    progress('nominated');
    progress('dispatched');
    // Signing tasks have no ladder of their own; the year's obligations pause during the hand-over.
    expect(pendingRungs(term.data).map((rung) => rung.order.obligation)).toEqual([
      'handover:term-off-2',
      'handover:term-off-2',
      'handover:term-off-2',
    ]);
    const who = () =>
      rungsOf(term, 'handover:term-off-2').map((rung) =>
        rung.order.recipients.map((to) => to.actorId ?? to.role),
      );
    expect(who()).toEqual([['off-1', 'off-2'], ['off-1', 'off-2'], ['county_org']]);
    for (const item of HANDOVER_ITEMS)
      signHandover(term, DISPATCHED_AT + 2 * DAY, officialOf(profile), item);
    expect(who()).toEqual([['off-2'], ['off-2'], ['county_org']]);
  });
});

describe('reminders no longer due', () => {
  it('are those whose obligation was met, or whose term ended', () => {
    const term = onDuty();
    closeMonthsDue(term, DISPATCHED_AT + POLICY.monthDays * DAY);
    const orderOf = (obligation: string) => rungsOf(term, obligation)[0]!.order;
    const attendance = orderOf(`task:${term.data.openTasks[0]!.id}`);
    const training = orderOf('training:y1');
    const health = orderOf('health:y1');
    expect([attendance, training, health].map((order) => isStillDue(term.data, order))).toEqual([
      true,
      true,
      true,
    ]);
    recordCountyTraining(term, DISPATCHED_AT + DAY, ORG, 'course');
    recordHealthCheck(term, DISPATCHED_AT + DAY, ORG, true, '');
    expect(isStillDue(term.data, training)).toBe(false);
    expect(isStillDue(term.data, health)).toBe(false);
    expect(isStillDue(term.data, { ...training, obligation: 'training:y9' })).toBe(false);
    expect(isStillDue({ ...term.data, stage: 'closed' }, attendance)).toBe(false);
  });

  it('are called off on record', () => {
    const term = onDuty();
    const order: ReminderOrder = rungsOf(term, 'training:y1')[0]!.order;
    callOffReminder(term, DISPATCHED_AT + DAY, order);
    expect(term.data.pending.remindersCalledOff).toEqual([order]);
    expect(term.data.timeline.at(-1)).toMatchObject({
      action: 'reminder_called_off',
      detail:
        'County-level training, year 1: due-30d no longer due (term-off-1/training:y1/due-30d)',
    });
  });
});
