// Region-scale records for the inbox measurement. The inbox reads PostgreSQL
// only, so its cost at 19,000 officials depends on the rows, not on how many
// workflows run. When the benchmark drives fewer officials than the region
// has, it writes the rest as the record activity itself would (one batch per
// official, through applyRecordBatch): a term on duty in its twelfth month,
// eleven attendance closes done and the current one open. Their tasks are
// spread over the region's 111 counties; no workflow stands behind them, and
// the report says so.
import { createRecordActivities } from '../activities/record.js';
import type { RecordBatch, Task, TimelineEntry } from '../domain/records.js';
import type { Pool } from '../platform/db.js';
import { forEachConcurrent } from './lib.js';

/** Guangxi: about 19,000 village officials in 111 counties, 14 cities. */
const REGION_COUNTIES = 111;
const REGION_CITIES = 14;
const TOWNSHIPS = 10;

export interface SeededOfficial {
  officialId: string;
  termId: string;
  county: string;
  township: string;
  village: string;
}

/** Seeded official number i, in a county of its own naming (`gx/s<city>/k<n>`), apart from the live ones. */
export function seededOfficial(i: number): SeededOfficial {
  const k = i % REGION_COUNTIES;
  const t = Math.floor(i / REGION_COUNTIES) % TOWNSHIPS;
  const county = `gx/s${k % REGION_CITIES}/k${k}`;
  const township = `${county}/t${t}`;
  return {
    officialId: `seed-${i}`,
    termId: `term-seed-${i}`,
    county,
    township,
    village: `${township}/v${i}`,
  };
}

function batchOf(
  o: SeededOfficial,
  policyVersion: string,
  now: number,
  dayMs: number,
): RecordBatch {
  const month = 30 * dayMs;
  const dispatchedAt = now - 11 * month - 5 * dayMs;
  const entry = (at: number, action: string, detail: string, taskId?: string): TimelineEntry => ({
    at,
    actorId: action === 'attendance_closed' ? `twp-${o.township}` : 'system',
    role: action === 'attendance_closed' ? 'township' : 'system',
    action,
    detail,
    policyVersion,
    ...(taskId ? { taskId } : {}),
  });
  const tasks: Task[] = [];
  const entries: TimelineEntry[] = [
    entry(dispatchedAt - 20 * dayMs, 'nominated', 'seeded record'),
    entry(dispatchedAt, 'dispatched', 'seeded record'),
  ];
  for (let m = 1; m <= 12; m++) {
    const at = dispatchedAt + m * month;
    const id = `${o.termId}/attendance-${m}`;
    tasks.push({
      id,
      kind: 'close_attendance',
      termId: o.termId,
      officialId: o.officialId,
      officialName: `Seeded official ${o.officialId}`,
      county: o.county,
      village: o.village,
      title: `Close the attendance of month ${m}`,
      assignee: { role: 'township', jurisdiction: o.village },
      createdAt: at,
      dueAt: at + 10 * dayMs,
      ladder: 'decision',
      data: { month: m },
    });
    if (m < 12) entries.push(entry(at + dayMs, 'attendance_closed', `month ${m}: 22 days`, id));
  }
  return {
    termId: o.termId,
    seq: 1,
    snapshot: {
      termId: o.termId,
      officialId: o.officialId,
      name: `Seeded official ${o.officialId}`,
      email: `${o.officialId}@bench.zhucun.local`,
      post: 'team_member',
      village: o.village,
      county: o.county,
      township: o.township,
      dispatchingUnit: 'Seeded unit',
      stage: 'on_duty',
      policyVersion,
      nominatedBy: 'du-seed',
      nominatedAt: dispatchedAt - 20 * dayMs,
      dispatchedAt,
      promotionPriority: false,
      screeningFailures: [],
      years: [],
    },
    entries,
    tasksOpened: tasks,
    tasksClosed: tasks.slice(0, 11).map((t) => ({
      id: t.id,
      outcome: 'approve',
      by: `twp-${o.township}`,
      at: t.createdAt + dayMs,
    })),
    cases: [],
  };
}

/** Writes `count` seeded officials' records; returns how long it took (s). */
export async function seedRecords(
  pool: Pool,
  count: number,
  policyVersion: string,
  dayMs: number,
): Promise<number> {
  const { applyRecordBatch } = createRecordActivities({ pool });
  const now = Date.now();
  const started = Date.now();
  await forEachConcurrent(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => applyRecordBatch(batchOf(seededOfficial(i), policyVersion, now, dayMs)),
  );
  return (Date.now() - started) / 1000;
}
