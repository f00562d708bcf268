// Domain rules the workflow reads: who may act, working-day deadlines.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import {
  requireExceptionRecorder,
  requireHandoverSigner,
  requireHealthCheckRecorder,
  requireRequestFiler,
  requireSpotChecker,
  requireTaskDecider,
  requireTrainingRecorder,
} from '../../domain/permissions.js';
import { addWorkingDays } from '../../domain/policy-defaults.js';
import { scaledPolicy } from '../../domain/policy-defaults.js';
import { Refusal } from '../../domain/refuse.js';
import {
  DAY,
  ORG,
  OTHER_ORG,
  POLICY,
  SCREENERS,
  TOWNSHIP,
  UNIT,
  VILLAGE,
} from './support/term-fixtures.js';

const allowed = (check: () => void) => {
  try {
    check();
    return true;
  } catch (err) {
    if (err instanceof Refusal && err.code === 'wrong_actor') return false;
    throw err;
  }
};
const REGION: Actor = { id: 'admin', name: 'Region', role: 'region_admin', jurisdiction: 'gx' };
const OFFICIAL: Actor = { id: 'off-1', name: 'Official', role: 'official', jurisdiction: VILLAGE };
const EVERYONE = { ORG, OTHER_ORG, TOWNSHIP, UNIT, REGION, OFFICIAL, POLICE: SCREENERS.police };

/** The names of the actors an action's check lets through. */
const whoMay = (check: (actor: Actor) => void) =>
  Object.entries(EVERYONE)
    .filter(([, actor]) => allowed(() => check(actor)))
    .map(([name]) => name);

describe('who may act', () => {
  it.each([
    [
      'record a county training',
      (actor: Actor) => requireTrainingRecorder(actor, VILLAGE, 'county'),
      ['ORG', 'TOWNSHIP'],
    ],
    [
      'record the pre-dispatch training',
      (actor: Actor) => requireTrainingRecorder(actor, VILLAGE, 'pre_dispatch'),
      ['ORG'],
    ],
    [
      'record a health check',
      (actor: Actor) => requireHealthCheckRecorder(actor, VILLAGE),
      ['ORG', 'UNIT'],
    ],
    [
      'record a spot-check absence',
      (actor: Actor) => requireSpotChecker(actor, VILLAGE),
      ['ORG', 'TOWNSHIP'],
    ],
    [
      'file a recall or adjustment request',
      (actor: Actor) => requireRequestFiler(actor, VILLAGE),
      ['UNIT'],
    ],
    ['recall by exception', (actor: Actor) => requireExceptionRecorder(actor, VILLAGE), ['ORG']],
    [
      'sign the hand-over',
      (actor: Actor) =>
        requireHandoverSigner(actor, { outgoingOfficialId: 'off-1', incomingOfficialId: 'off-2' }),
      ['OFFICIAL'],
    ],
  ])('%s: %j', (_action, check, names) => {
    expect(whoMay(check)).toEqual(names);
  });

  it('decides a task: its assignee, by name when named, never the nominator or the filer', () => {
    const county = { role: 'county_org' as const, jurisdiction: 'gx/nanning/wuming' };
    const decide = (
      task: {
        kind: 'approve_dispatch' | 'recall_reply' | 'self_report';
        assignee: typeof county & { actorId?: string };
      },
      facts = { nominatedBy: 'du-nanning' } as { nominatedBy: string; requestFiledBy?: string },
    ) => whoMay((actor) => requireTaskDecider(actor, task, facts));
    expect(decide({ kind: 'approve_dispatch', assignee: county })).toEqual(['ORG']);
    expect(
      decide({ kind: 'approve_dispatch', assignee: county }, { nominatedBy: 'org-wuming' }),
    ).toEqual([]);
    expect(
      decide(
        { kind: 'recall_reply', assignee: county },
        { nominatedBy: 'x', requestFiledBy: 'org-wuming' },
      ),
    ).toEqual([]);
    expect(
      decide({
        kind: 'self_report',
        assignee: { role: 'official', jurisdiction: VILLAGE, actorId: 'off-1' } as never,
      }),
    ).toEqual(['OFFICIAL']);
    expect(
      decide({
        kind: 'self_report',
        assignee: { role: 'official', jurisdiction: VILLAGE, actorId: 'off-2' } as never,
      }),
    ).toEqual([]);
  });
});

describe('working-day deadlines', () => {
  const weekday = (at: number) => new Date(at).getUTCDay();
  const isWorkingDay = (at: number) => weekday(at) !== 0 && weekday(at) !== 6;

  it('skip weekends: for every start over two years and 1 to 25 working days', () => {
    const from = Date.UTC(2025, 0, 1, 1);
    const wrong: string[] = [];
    for (let start = from; start < from + 730 * DAY; start += DAY) {
      let previous = start;
      for (let workingDays = 1; workingDays <= 25; workingDays++) {
        const due = addWorkingDays(POLICY, start, workingDays);
        let counted = 0;
        for (let day = start + DAY; day <= due; day += DAY) if (isWorkingDay(day)) counted++;
        // A whole number of days later, on a working day, after the last deadline,
        // with exactly that many working days in between.
        if (
          (due - start) % DAY !== 0 ||
          !isWorkingDay(due) ||
          due <= previous ||
          counted !== workingDays
        )
          wrong.push(
            `${new Date(start).toISOString()} + ${workingDays}: ${new Date(due).toISOString()}`,
          );
        previous = due;
      }
    }
    expect(wrong).toEqual([]);
  });

  it('are plain policy days on a scaled policy (no weekends in a scaled year)', () => {
    const fast = scaledPolicy(100);
    expect(addWorkingDays(fast, 1_000, 10)).toBe(2_000);
  });
});
