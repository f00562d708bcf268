// The inbox as its users list it (GET /api/inbox?limit=50), in turn as a
// county org, a township, the region-wide county-org view and an official:
// while every official is on duty, with the closed cohort on record too, and
// at the region's size.
import type { Actor } from '../../domain/actors.js';
import type { Bench } from '../context.js';
import { log, round, sleep } from '../lib.js';
import { REGION_WIDE_COUNTY_ORG, countyOrg, townshipOffice, type Official } from '../region.js';
import { seedRecords, seededOfficial } from '../seed.js';

/** Who lists the inbox, by the name the figures use: `inbox.<viewer><suffix>`. */
type Viewers = [name: string, viewer: () => Actor][];

const pickFrom = (cohort: Official[]) => cohort[Math.floor(Math.random() * cohort.length)]!;

/** Viewers of the driven officials' inboxes. */
export function cohortViewers(cohort: Official[]): Viewers {
  return [
    ['county', () => countyOrg(pickFrom(cohort))],
    ['township', () => townshipOffice(pickFrom(cohort))],
    ['region', () => REGION_WIDE_COUNTY_ORG],
    ['official', () => pickFrom(cohort).actor],
  ];
}

/** Lists the inbox as each viewer in turn until `enough` says so; each listing timed as `inbox.<viewer><suffix>`. */
export async function listInboxes(
  bench: Bench,
  viewers: Viewers,
  suffix: string,
  pauseMs: number,
  enough: (listings: number) => boolean,
): Promise<void> {
  for (let listing = 0; !enough(listing); listing++) {
    const [name, viewer] = viewers[listing % viewers.length]!;
    const reply = await bench.api.call('GET', '/api/inbox?limit=50', viewer());
    if (reply.status === 200) bench.recorder.time(`inbox.${name}${suffix}`, reply.ms);
    else bench.recorder.fail(`inbox ${name}${suffix}: HTTP ${reply.status}`);
    await sleep(pauseMs);
  }
}

export interface RegionScale {
  seeded: number;
  seedSeconds: number;
  officialsOnRecord: number;
}

/**
 * Fewer officials were driven than the region has: writes the rest as records
 * (no workflows behind them) and lists the inbox again over all of them.
 */
export async function listInboxesAtRegionScale(
  bench: Bench,
  cohort: Official[],
): Promise<RegionScale> {
  const { options, pool } = bench;
  const seeded = options.region - options.officials;
  log(`seeding ${seeded} officials' records for the region-scale inbox`);
  const seedSeconds = await seedRecords(pool, seeded, options.policy.version, options.dayMs);
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM officials');
  const seededViewer = (role: 'county_org' | 'township'): Actor => {
    const official = seededOfficial(Math.floor(Math.random() * seeded));
    const jurisdiction = role === 'county_org' ? official.county : official.township;
    const id = `${role}-${jurisdiction.replaceAll('/', '.')}`;
    return { id, name: jurisdiction, role, jurisdiction };
  };
  await listInboxes(
    bench,
    [
      ['county', () => seededViewer('county_org')],
      ['township', () => seededViewer('township')],
      ['region', () => REGION_WIDE_COUNTY_ORG],
      ['official', () => pickFrom(cohort).actor],
    ],
    '.region',
    options.regionInboxPauseMs,
    (listings) => listings >= options.inboxListings,
  );
  return { seeded, seedSeconds: round(seedSeconds), officialsOnRecord: rows[0]!.n };
}
