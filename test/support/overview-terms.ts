// Terms written to the record by the real record writer (activities/record.ts),
// each in the shape a term workflow writes: for the overview's figures, which
// need years of history (ratings, trainings of a past year, cases months old)
// that no test can wait for. Real terms nominated through the API add to them.
import { createRecordActivities } from '../../activities/record.js';
import type { Rating } from '../../domain/rating.js';
import type {
  CaseGround,
  CaseRecord,
  OfficialSnapshot,
  RecordBatch,
  Stage,
  Task,
  TaskKind,
  TimelineEntry,
} from '../../domain/records.js';
import type { Pool } from '../../platform/db.js';
import { uniqueId } from './fixtures.js';

const DAY = 86_400_000;
const YEAR_MS = 365 * DAY;

export interface SeedTerm {
  county: string;
  stage: Stage;
  /** The rating of a term year that ended at `ratedYearEndsAt`; null: ended, not rated. */
  rating?: Rating | null;
  ratedYearEndsAt?: number;
  /** County-level trainings, at these instants. */
  trainedAt?: number[];
  /** Open tasks: kind and due time. */
  openTasks?: { kind: TaskKind; dueAt: number }[];
  /** A task that was overdue and is closed now: never counted. */
  closedOverdueTask?: boolean;
  cases?: { grounds: CaseGround[]; openedAt: number; closedAt?: number }[];
  name?: string;
  /** The village's name under `<county>/town/` (default: a village of its own). */
  village?: string;
  post?: OfficialSnapshot['post'];
}

/** Writes each term as one record batch; returns their official ids. */
export async function seedTerms(pool: Pool, terms: SeedTerm[]): Promise<string[]> {
  const record = createRecordActivities({ pool });
  const ids: string[] = [];
  for (const term of terms) {
    const officialId = uniqueId('off-ov');
    const termId = `term-${officialId}`;
    const village = `${term.county}/town/${term.village ?? officialId}`;
    const name = term.name ?? `Overview ${officialId}`;
    const endsAt = term.ratedYearEndsAt ?? Date.now() - 30 * DAY;
    const entry = (at: number, action: string, detail: string): TimelineEntry => ({
      at,
      actorId: 'seed',
      role: 'county_org',
      action,
      detail,
      policyVersion: 'seed',
    });
    const task = (kind: TaskKind, dueAt: number, n: number): Task => ({
      id: `${termId}/task-${n}`,
      kind,
      termId,
      officialId,
      officialName: name,
      county: term.county,
      village,
      title: kind,
      assignee: { role: 'county_org', jurisdiction: term.county },
      createdAt: dueAt - 10 * DAY,
      dueAt,
      ladder: 'decision',
    });
    const opened = (term.openTasks ?? []).map((t, n) => task(t.kind, t.dueAt, n));
    const closedOverdue = term.closedOverdueTask
      ? [task('close_attendance', Date.now() - 5 * DAY, 99)]
      : [];
    const cases: CaseRecord[] = (term.cases ?? []).map((c, n) => ({
      caseId: `case-${officialId}-${n}`,
      termId,
      officialId,
      officialName: name,
      county: term.county,
      village,
      grounds: c.grounds,
      status: c.closedAt !== undefined ? 'closed' : 'recall_requested',
      successorOfficialIds: [],
      openedAt: c.openedAt,
      ...(c.closedAt !== undefined ? { closedAt: c.closedAt, outcome: 'recalled' as const } : {}),
    }));
    const snapshot: OfficialSnapshot = {
      termId,
      officialId,
      name,
      email: `${officialId}@zhucun.test`,
      post: term.post ?? 'team_member',
      village,
      county: term.county,
      township: `${term.county}/town`,
      dispatchingUnit: 'seed',
      stage: term.stage,
      policyVersion: 'seed',
      nominatedBy: 'du-nanning',
      nominatedAt: endsAt - YEAR_MS - 60 * DAY,
      dispatchedAt: endsAt - YEAR_MS,
      promotionPriority: false,
      screeningFailures: [],
      years:
        term.rating === undefined
          ? []
          : [
              {
                year: 1,
                startsAt: endsAt - YEAR_MS,
                endsAt,
                trainings: (term.trainedAt ?? []).map((at) => ({
                  at,
                  title: 'county',
                  by: 'seed',
                })),
                healthChecks: [],
                attendance: [],
                spotCheckAbsences: 0,
                leaveDays: 0,
                ...(term.rating ? { rating: term.rating } : {}),
              },
            ],
    };
    const batch: RecordBatch = {
      termId,
      seq: 1,
      snapshot,
      entries: [
        entry(snapshot.nominatedAt, 'nominated', 'seeded for the overview'),
        ...(term.trainedAt ?? []).map((at) => entry(at, 'trained', 'county-level training')),
      ],
      tasksOpened: [...opened, ...closedOverdue],
      tasksClosed: closedOverdue.map((t) => ({
        id: t.id,
        outcome: 'approved',
        by: 'seed',
        at: Date.now() - DAY,
      })),
      cases,
    };
    await record.applyRecordBatch(batch);
    ids.push(officialId);
  }
  return ids;
}
