// A term's steps as its actors take them over the API, for tests that need a
// term at some stage: a task found in its assignee's inbox, a decision, a
// nomination, the vetting, and a candidate brought on duty.
import { expect } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import type { CandidateProfile } from '../../domain/profile.js';
import { candidate, type ApiHarness } from './api.js';

type As = string | Actor;

/** The demo screening bodies of Wuming, who reply to its vetting requests. */
export const SCREENING_BODY_ACTORS = ['disc-wuming', 'pet-wuming', 'pol-wuming'] as const;

export interface InboxTask {
  id: string;
  kind: string;
  assignee: Record<string, string>;
  dueAt: string;
  [field: string]: unknown;
}

export function termSteps(api: () => ApiHarness) {
  /** The open task of `kind` for an official, once it is in the actor's inbox. */
  async function taskIn(
    as: As,
    officialId: string,
    kind: string,
    timeoutMs?: number,
  ): Promise<InboxTask> {
    const a = api();
    const r = await a.eventually(
      `${kind} for ${officialId} in ${typeof as === 'string' ? as : as.id}'s inbox`,
      () => a.get(`/api/inbox?kind=${kind}&limit=200`, as),
      (x) =>
        x.status === 200 &&
        x.body.items.some((t: { officialId: string }) => t.officialId === officialId),
      timeoutMs,
    );
    return r.body.items.find((t: { officialId: string }) => t.officialId === officialId);
  }

  /** Decides a task; anything but 200 fails the test. */
  async function decide(as: As, taskId: string, body: Record<string, unknown>) {
    const r = await api().post(`/api/tasks/${encodeURIComponent(taskId)}/decision`, as, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  }

  /** Nominated by the dispatching unit of Nanning. */
  async function nominate(overrides: Partial<CandidateProfile> = {}) {
    const p = candidate({ dispatchingUnit: '南宁市农业农村局', ...overrides });
    const r = await api().post('/api/nominations', 'du-nanning', p);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return p;
  }

  /** Every screening body approves, each with its own words if given. */
  async function vet(officialId: string, replies: Partial<Record<string, string>> = {}) {
    for (const body of SCREENING_BODY_ACTORS)
      await decide(body, (await taskIn(body, officialId, 'vetting_reply')).id, {
        decision: 'approve',
        comment: replies[body] ?? '未发现问题',
      });
  }

  /** Nominated, vetted, dispatch approved, pre-dispatch training done: on duty. */
  async function onDuty(overrides: Partial<CandidateProfile> = {}) {
    const p = await nominate(overrides);
    await vet(p.officialId);
    await decide('org-wuming', (await taskIn('org-wuming', p.officialId, 'approve_dispatch')).id, {
      decision: 'approve',
      comment: '同意派驻',
    });
    const r = await api().post(`/api/officials/${p.officialId}/trainings`, 'org-wuming', {
      kind: 'pre_dispatch',
      title: '岗前培训班（5 天）',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return p;
  }

  return { taskIn, decide, nominate, vet, onDuty };
}
