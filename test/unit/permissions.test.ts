// The permission table (domain/permissions.ts) and the assignment rule
// (domain/assignment.ts): who may take which action, over which places, with
// the nominator and the filer of a request kept from deciding on their own
// matter; and the inbox's and the reminders' forms of the rule agreeing with it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../domain/actors.js';
import { ROLES, SCREENING_BODIES } from '../../domain/roles.js';
import {
  answersFor,
  inboxFilterOf,
  matchesInboxFilter,
  matchesRecipientFilter,
  recipientFilterOf,
} from '../../domain/assignment.js';
import {
  FACT_ACTIONS,
  FACT_PERMISSIONS,
  TASK_PERMISSIONS,
  mayDecide,
  mayTakeFact,
  requireFactActor,
  requireTaskDecider,
  roleMayTakeFact,
  taskKindsOfRole,
  whyNotDecider,
  type FactAction,
} from '../../domain/permissions.js';
import { TASK_KINDS, type Assignee, type TaskKind } from '../../domain/records.js';
import { Refusal } from '../../domain/refuse.js';

const VILLAGE = 'gx/nanning/wuming/fucheng/lianhe';
const COUNTY = 'gx/nanning/wuming';
const TOWNSHIP = 'gx/nanning/wuming/fucheng';
/** A place outside the village's subtree at each level. */
const FOREIGN = {
  county: 'gx/nanning/binyang',
  township: 'gx/nanning/wuming/shuangqiao',
  village: 'gx/nanning/wuming/fucheng/other',
};
const PLACES = /gx\/|nanning|wuming|binyang|fucheng|lianhe|shuangqiao/i;

const actor = (
  id: string,
  role: Role,
  jurisdiction: string,
  extra: Partial<Actor> = {},
): Actor => ({
  id,
  name: id,
  role,
  jurisdiction,
  ...extra,
});

/** The usual seat of each role over the village, and one outside it. */
const SEAT: Record<Role, { inside: string; outside: string }> = {
  dispatching_unit: { inside: 'gx/nanning', outside: 'gx/liuzhou' },
  county_org: { inside: COUNTY, outside: FOREIGN.county },
  township: { inside: TOWNSHIP, outside: FOREIGN.township },
  official: { inside: VILLAGE, outside: FOREIGN.village },
  screening_body: { inside: COUNTY, outside: FOREIGN.county },
  region_admin: { inside: 'gx', outside: 'yn' },
};

/** Who may take each fact action, spelled out (not read back from the table). */
const EXPECTED_ROLES: Record<FactAction, readonly Role[] | 'the_official' | 'handover_official'> = {
  nominateCandidate: ['dispatching_unit'],
  recordCountyTraining: ['county_org', 'township'],
  recordPreDispatchTraining: ['county_org'],
  recordHealthCheck: ['county_org', 'dispatching_unit'],
  recordAbsence: ['township', 'county_org'],
  requestLeave: 'the_official',
  reportReturnFromLeave: 'the_official',
  reportAttendance: 'the_official',
  fileRequest: ['dispatching_unit'],
  requestOwnRecall: 'the_official',
  recordRecallException: ['county_org'],
  retryRecordWrite: ['region_admin'],
  signHandoverItem: 'handover_official',
  voidFact: ['county_org', 'township', 'dispatching_unit'],
};

function refusalOf(rule: () => void): Refusal {
  try {
    rule();
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('fact actions: action × role × jurisdiction', () => {
  const roleActions = FACT_ACTIONS.filter((a) => Array.isArray(EXPECTED_ROLES[a]));
  const cases = roleActions.flatMap((action) =>
    ROLES.flatMap((role) =>
      (['inside', 'outside'] as const).map((where) => ({
        action,
        role,
        where,
        allowed: where === 'inside' && (EXPECTED_ROLES[action] as Role[]).includes(role),
      })),
    ),
  );

  it.each(cases)(
    '$action by $role $where the village: $allowed',
    ({ action, role, where, allowed }) => {
      const who = actor(
        `${role}-1`,
        role,
        SEAT[role][where],
        role === 'screening_body' ? { body: 'police' } : {},
      );
      expect(mayTakeFact(who, action, { village: VILLAGE })).toBe(allowed);
      if (allowed) expect(() => requireFactActor(who, action, { village: VILLAGE })).not.toThrow();
      else {
        const refusal = refusalOf(() => requireFactActor(who, action, { village: VILLAGE }));
        expect(refusal.code).toBe('wrong_actor');
        expect(refusal.message).toBe(FACT_PERMISSIONS[action].refusal);
        expect(refusal.message).not.toMatch(PLACES);
      }
    },
  );

  it('acts over the whole subtree of the seat, and never from below it', () => {
    expect(
      mayTakeFact(actor('c', 'county_org', VILLAGE), 'recordHealthCheck', { village: VILLAGE }),
    ).toBe(true);
    // A seat below the village's (a village's actor acting on another village) does not reach.
    expect(
      mayTakeFact(actor('t', 'township', `${TOWNSHIP}-x`), 'recordAbsence', { village: VILLAGE }),
    ).toBe(false);
    // No place given: a role-over-a-place action cannot be allowed.
    expect(mayTakeFact(actor('c', 'county_org', COUNTY), 'recordHealthCheck', {})).toBe(false);
  });

  it.each(['requestLeave', 'reportReturnFromLeave', 'requestOwnRecall'] as const)(
    '%s: the official of the term alone',
    (action) => {
      const subject = { village: VILLAGE, officialId: 'off-1' };
      expect(mayTakeFact(actor('off-1', 'official', VILLAGE), action, subject)).toBe(true);
      expect(mayTakeFact(actor('off-2', 'official', VILLAGE), action, subject)).toBe(false);
      // The same id in another role is not the official.
      expect(mayTakeFact(actor('off-1', 'county_org', COUNTY), action, subject)).toBe(false);
      for (const role of ROLES.filter((r) => r !== 'official'))
        expect(mayTakeFact(actor(`${role}-1`, role, SEAT[role].inside), action, subject)).toBe(
          false,
        );
    },
  );

  it('signHandoverItem: the outgoing and the incoming official, nobody else, and only while one runs', () => {
    const handover = { outgoingOfficialId: 'off-out', incomingOfficialId: 'off-in' };
    const may = (who: Actor, running = true) =>
      mayTakeFact(who, 'signHandoverItem', { village: VILLAGE, ...(running ? { handover } : {}) });
    expect(may(actor('off-out', 'official', VILLAGE))).toBe(true);
    expect(may(actor('off-in', 'official', VILLAGE))).toBe(true);
    expect(may(actor('off-other', 'official', VILLAGE))).toBe(false);
    expect(may(actor('off-out', 'county_org', COUNTY))).toBe(false);
    expect(may(actor('off-out', 'official', VILLAGE), false)).toBe(false);
  });

  it("lists a role's actions for the page from the same table", () => {
    for (const role of ROLES)
      for (const action of FACT_ACTIONS) {
        const expected = EXPECTED_ROLES[action];
        expect(roleMayTakeFact(role, action), `${role} ${action}`).toBe(
          Array.isArray(expected) ? expected.includes(role) : role === 'official',
        );
      }
    expect(taskKindsOfRole('screening_body')).toEqual([
      'vetting_reply',
      'objection_follow_up_reply',
    ]);
    expect(taskKindsOfRole('region_admin')).toEqual([]);
  });
});

describe('deciding tasks: the assignee, the nominator, the filer', () => {
  const NOMINATOR = 'du-nominator';
  const facts = { nominatedBy: NOMINATOR };
  /** A task of the kind as the workflow assigns it over the village. */
  const assigneeOf = (kind: TaskKind): Assignee => {
    const role = TASK_PERMISSIONS[kind].roles[0]!;
    if (role === 'official') return { role, jurisdiction: VILLAGE, actorId: 'off-1' };
    if (role === 'screening_body') return { role, jurisdiction: COUNTY, body: 'discipline' };
    if (role === 'township') return { role, jurisdiction: VILLAGE };
    if (role === 'dispatching_unit') return { role, jurisdiction: VILLAGE };
    return { role, jurisdiction: COUNTY };
  };
  const cases = TASK_KINDS.flatMap((kind) =>
    ROLES.flatMap((role) =>
      (['inside', 'outside'] as const).map((where) => ({
        kind,
        role,
        where,
        allowed: where === 'inside' && TASK_PERMISSIONS[kind].roles.includes(role),
      })),
    ),
  );

  it.each(cases)('$kind by $role $where: $allowed', ({ kind, role, where, allowed }) => {
    const id = role === 'official' ? 'off-1' : `${role}-1`;
    const who = actor(
      id,
      role,
      SEAT[role][where],
      role === 'screening_body' ? { body: 'discipline' } : {},
    );
    const task = { kind, assignee: assigneeOf(kind) };
    expect(mayDecide(who, task, facts)).toBe(allowed);
    if (!allowed) {
      const refusal = refusalOf(() => requireTaskDecider(who, task, facts));
      expect(refusal.code).toBe('wrong_actor');
      expect(refusal.message).not.toMatch(PLACES);
      expect(refusal.message).not.toContain('off-1');
    }
  });

  it('a named task is for that person alone', () => {
    const task = { kind: 'self_report' as const, assignee: assigneeOf('self_report') };
    expect(whyNotDecider(actor('off-2', 'official', VILLAGE), task, facts)).toBe(
      'this task waits for another actor',
    );
  });

  it('a screening body decides only its own body’s tasks', () => {
    const task = { kind: 'vetting_reply' as const, assignee: assigneeOf('vetting_reply') };
    for (const body of SCREENING_BODIES) {
      const who = actor(`sb-${body}`, 'screening_body', COUNTY, { body });
      expect(mayDecide(who, task, facts), body).toBe(body === 'discipline');
    }
    expect(mayDecide(actor('sb-none', 'screening_body', COUNTY), task, facts)).toBe(false);
  });

  const EXCLUDED: TaskKind[] = [
    'vetting_reply',
    'approve_dispatch',
    'adjustment_reply',
    'decide_objection',
    'objection_follow_up_reply',
  ];
  it.each(TASK_KINDS.map((kind) => ({ kind, excluded: EXCLUDED.includes(kind) })))(
    'the nominator on their own nomination, $kind: excluded $excluded',
    ({ kind, excluded }) => {
      const role = TASK_PERMISSIONS[kind].roles[0]!;
      // The nominator holding the task's role (an actor may hold one role only;
      // the id is what makes them the nominator).
      const who = actor(
        role === 'official' ? 'off-1' : NOMINATOR,
        role,
        SEAT[role].inside,
        role === 'screening_body' ? { body: 'discipline' } : {},
      );
      const task = { kind, assignee: assigneeOf(kind) };
      const asNominator = { nominatedBy: who.id };
      expect(mayDecide(who, task, asNominator)).toBe(!excluded);
      expect(mayDecide(who, task, { nominatedBy: 'someone-else' })).toBe(true);
      if (excluded)
        expect(whyNotDecider(who, task, asNominator)).toBe(
          'the nominator cannot decide on their own nomination',
        );
    },
  );

  it.each([
    'vetting_reply',
    'leave_reply',
    'recall_reply',
    'adjustment_reply',
    'objection_follow_up_reply',
  ] as const)('no body replies to its own request: %s', (kind) => {
    const role = TASK_PERMISSIONS[kind].roles[0]!;
    const who = actor(`${role}-1`, role, SEAT[role].inside, { body: 'discipline' });
    const task = { kind, assignee: assigneeOf(kind) };
    expect(mayDecide(who, task, { ...facts, requestFiledBy: 'someone-else' })).toBe(true);
    expect(whyNotDecider(who, task, { ...facts, requestFiledBy: who.id })).toBe(
      'a body cannot reply to its own request',
    );
  });
});

describe('one assignment rule in three forms', () => {
  const places = [
    'gx',
    'gx/nanning',
    COUNTY,
    FOREIGN.county,
    TOWNSHIP,
    FOREIGN.township,
    VILLAGE,
    FOREIGN.village,
  ];
  const actors: Actor[] = ROLES.flatMap((role) =>
    places.flatMap((place) =>
      [undefined, 'discipline', 'police'].flatMap((body) =>
        ['a-1', 'a-2'].map((id) =>
          actor(id, role, place, body ? { body: body as 'discipline' } : {}),
        ),
      ),
    ),
  );
  const assignees: Assignee[] = ROLES.flatMap((role) =>
    places.flatMap((place) =>
      [undefined, 'discipline'].flatMap((body) =>
        [undefined, 'a-1'].map((actorId) => ({
          role,
          jurisdiction: place,
          ...(body ? { body: body as 'discipline' } : {}),
          ...(actorId ? { actorId } : {}),
        })),
      ),
    ),
  );

  it('the inbox filter and the recipient filter admit exactly whom answersFor admits', () => {
    let admitted = 0;
    const disagreements: string[] = [];
    for (const who of actors)
      for (const assignee of assignees) {
        const rule = answersFor(who, assignee);
        if (rule) admitted += 1;
        if (
          matchesInboxFilter(inboxFilterOf(who), assignee) !== rule ||
          matchesRecipientFilter(recipientFilterOf(assignee), who) !== rule
        )
          disagreements.push(JSON.stringify({ who, assignee, rule }));
      }
    expect(disagreements).toEqual([]);
    // Not vacuous: many pairs on either side.
    expect(admitted).toBeGreaterThan(100);
    expect(admitted).toBeLessThan(actors.length * assignees.length - 100);
  });

  it('deciding a task is answering for its assignee, before the exclusions', () => {
    const disagreements = actors.flatMap((who) =>
      assignees
        .filter(
          (assignee) =>
            mayDecide(who, { kind: 'close_attendance', assignee }, { nominatedBy: 'x' }) !==
            answersFor(who, assignee),
        )
        .map((assignee) => JSON.stringify({ who, assignee })),
    );
    expect(disagreements).toEqual([]);
  });
});

describe('the table agrees with the tasks the workflow opens', () => {
  const golden = resolve(dirname(fileURLToPath(import.meta.url)), '__golden__');
  /** Every opened task in the golden traces (test/unit/term-state-trace.test.ts). */
  function openedTasks(): { kind: TaskKind; assignee: Assignee }[] {
    const found: { kind: TaskKind; assignee: Assignee }[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (value === null || typeof value !== 'object') return;
      const record = value as Record<string, unknown>;
      if (
        typeof record.kind === 'string' &&
        (TASK_KINDS as readonly string[]).includes(record.kind) &&
        typeof record.assignee === 'object'
      )
        found.push(record as unknown as { kind: TaskKind; assignee: Assignee });
      Object.values(record).forEach(visit);
    };
    for (const file of readdirSync(golden))
      visit(JSON.parse(readFileSync(resolve(golden, file), 'utf8')));
    return found;
  }

  it("every task's assignee holds a role the table lets decide its kind", () => {
    const tasks = openedTasks();
    expect(tasks.length).toBeGreaterThan(20);
    for (const task of tasks)
      expect(TASK_PERMISSIONS[task.kind].roles, task.kind).toContain(task.assignee.role);
    // Most kinds are exercised by the traces.
    expect(new Set(tasks.map((task) => task.kind)).size).toBeGreaterThanOrEqual(10);
  });
});
