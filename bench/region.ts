// The generated region the benchmark drives: officials numbered 0, 1, 2, …
// spread over counties (about 171 officials a county, as in Guangxi), at most
// 14 cities and 10 townships a county, and the actors who decide for them.
// Paths: gx/c<city>/k<county>/t<township>/v<official>.
import type { Actor, ScreeningBody } from '../domain/actors.js';
import type { CandidateProfile } from '../domain/profile.js';
import type { Pool } from '../platform/db.js';
import { termWorkflowId } from '../workflows/messages.js';

const MAX_CITIES = 14;
const TOWNSHIPS_PER_COUNTY = 10;

export interface Official {
  /** Its number in the region; the bare baseline's workflow for it has the same number. */
  index: number;
  id: string;
  termId: string;
  city: string;
  county: string;
  township: string;
  village: string;
  actor: Actor;
}

const mailOf = (actorId: string) => `${actorId}@bench.zhucun.local`;

export class Region {
  private readonly cities: number;

  constructor(readonly counties: number) {
    this.cities = Math.min(MAX_CITIES, counties);
  }

  private cityPath(city: number): string {
    return `gx/c${city}`;
  }

  countyPath(county: number): string {
    return `${this.cityPath(county % this.cities)}/k${county}`;
  }

  private townshipPath(county: number, township: number): string {
    return `${this.countyPath(county)}/t${township}`;
  }

  official(index: number): Official {
    const county = index % this.counties;
    const township = Math.floor(index / this.counties) % TOWNSHIPS_PER_COUNTY;
    const id = `off-${index}`;
    const village = `${this.townshipPath(county, township)}/v${index}`;
    return {
      index,
      id,
      termId: termWorkflowId(id),
      city: this.cityPath(county % this.cities),
      county: this.countyPath(county),
      township: this.townshipPath(county, township),
      village,
      actor: {
        id,
        name: `Official ${index}`,
        role: 'official',
        jurisdiction: village,
        email: mailOf(id),
      },
    };
  }

  /** The official whose number is in an id such as `off-12`. */
  officialById(officialId: string): Official {
    return this.official(Number(officialId.replace('off-', '')));
  }

  /** Every actor who decides for the region's officials, each once. */
  directory(): Actor[] {
    const actors = new Map<string, Actor>([[REGION_ADMIN.id, REGION_ADMIN]]);
    for (let county = 0; county < this.counties; county++) {
      for (let township = 0; township < TOWNSHIPS_PER_COUNTY; township++) {
        const official = this.official(county + township * this.counties);
        for (const actor of [
          countyOrg(official),
          townshipOffice(official),
          screeningBody(official, 'discipline'),
          screeningBody(official, 'petition'),
          screeningBody(official, 'police'),
          dispatchingUnit(official),
        ])
          actors.set(actor.id, actor);
      }
    }
    return [...actors.values()];
  }
}

/** Writes the directory into the actors table, where reminders find their recipients. */
export async function registerActors(pool: Pool, actors: Actor[]): Promise<void> {
  for (const actor of actors) {
    await pool.query(
      'INSERT INTO actors (id, name, role, jurisdiction, body, email) VALUES ($1,$2,$3,$4,$5,$6)',
      [
        actor.id,
        actor.name,
        actor.role,
        actor.jurisdiction,
        actor.body ?? null,
        actor.email ?? null,
      ],
    );
  }
}

const countyKey = (official: Official) => official.county.split('/')[2]!;

/** The county's organization department: approves dispatch, records training and health, rates. */
export function countyOrg(official: Official): Actor {
  const id = `org-${countyKey(official)}`;
  return {
    id,
    name: `County org ${countyKey(official)}`,
    role: 'county_org',
    jurisdiction: official.county,
    email: mailOf(id),
  };
}

/** The township: closes each month's attendance, records county trainings. */
export function townshipOffice(official: Official): Actor {
  const id = `twp-${countyKey(official)}-${official.township.split('/')[3]}`;
  return {
    id,
    name: `Township ${id}`,
    role: 'township',
    jurisdiction: official.township,
    email: mailOf(id),
  };
}

/** One of the county's three screening bodies, which reply to the vetting requests. */
export function screeningBody(official: Official, body: ScreeningBody): Actor {
  const id = `${body.slice(0, 3)}-${countyKey(official)}`;
  return {
    id,
    name: `${body} ${countyKey(official)}`,
    role: 'screening_body',
    body,
    jurisdiction: official.county,
    email: mailOf(id),
  };
}

/** The city's dispatching unit, which nominates. */
export function dispatchingUnit(official: Official): Actor {
  const id = `du-${official.city.split('/')[1]}`;
  return {
    id,
    name: `Dispatching unit ${id}`,
    role: 'dispatching_unit',
    jurisdiction: official.city,
    email: mailOf(id),
  };
}

export const REGION_ADMIN: Actor = {
  id: 'admin-gx',
  name: 'Region admin',
  role: 'region_admin',
  jurisdiction: 'gx',
  email: mailOf('admin-gx'),
};

/** A county-org token over the whole region: the largest inbox there can be. */
export const REGION_WIDE_COUNTY_ORG: Actor = {
  id: 'org-region',
  name: 'Region-wide county org view',
  role: 'county_org',
  jurisdiction: 'gx',
};

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** What the dispatching unit submits: a candidate every one of the six rules lets through. */
export function candidateProfile(official: Official, today: Date): CandidateProfile {
  const i = official.index;
  return {
    officialId: official.id,
    name: official.actor.name,
    email: official.actor.email!,
    post: i % 4 === 0 ? 'first_secretary' : 'team_member',
    village: official.village,
    dispatchingUnit: `Unit of ${official.city}`,
    birthDate: `19${80 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`,
    partyMember: 'full',
    underInvestigation: false,
    sanctioned: false,
    lastRatings: ['competent', 'outstanding'],
    lastHealthCheck: { date: isoDay(new Date(today.getTime() - 60 * 86_400_000)), fit: true },
    workYears: 5 + (i % 20),
    formalPost: true,
    willingnessSigned: true,
  };
}
