// The simulated region year's plan (bench/simulate/plan.ts), without servers:
// the rates it asks the region's bodies for are the report's, and every
// imported term's first year ends inside the report year, so that each
// official's yearly evaluation falls in it whether evaluations follow term
// years or the calendar year (opened in December).
import { describe, expect, it } from 'vitest';
import { DAY_MS, startOfYear, toCalendar } from '../../domain/calendar.js';
import {
  leadDaysFor,
  onPostDays,
  plannedFacts,
  planSimulation,
  REPORT_YEAR,
  unfitOfficials,
} from '../../bench/simulate/plan.js';

const RUN_ORIGIN = Date.UTC(2026, 11, 4);

describe('simulated region year: the plan', () => {
  it('asks for about 2.7 county trainings an official and one health check each, about 0.4 % unfit', () => {
    const plan = planSimulation(19_000, 2_000, RUN_ORIGIN);
    const facts = plannedFacts(plan);
    const trainings = facts.filter((fact) => fact.kind === 'training');
    const checks = facts.filter((fact) => fact.kind === 'health');
    expect(trainings.length / 19_000).toBeGreaterThan(2.65);
    expect(trainings.length / 19_000).toBeLessThan(2.75);
    expect(checks).toHaveLength(19_000);
    expect(checks.filter((fact) => fact.fit === false)).toHaveLength(74);
    expect(unfitOfficials(200).size).toBe(1);
  });

  it('puts every fact inside the report year, in order', () => {
    const plan = planSimulation(200, 300, RUN_ORIGIN);
    const facts = plannedFacts(plan);
    for (const fact of facts) {
      expect(fact.atMs).toBeGreaterThanOrEqual(plan.window.fromMs);
      expect(fact.atMs).toBeLessThan(plan.window.toMs);
    }
    expect(facts.map((fact) => fact.atMs)).toEqual(
      [...facts.map((f) => f.atMs)].sort((a, b) => a - b),
    );
  });

  it("dispatches every imported official in the year before, so that the first term year ends in the report year's first eleven months", () => {
    for (const [officials, dayMs] of [
      [200, 300],
      [19_000, 2_000],
      [50, 100],
    ] as const) {
      const plan = planSimulation(officials, dayMs, RUN_ORIGIN);
      expect(toCalendar(plan.clock, plan.clock.runOriginMs)).toBe(plan.importDay);
      // One expect for all rows: thousands of expects take seconds on a loaded machine.
      const misplaced: number[] = [];
      for (let index = 0; index < officials; index++) {
        const dispatchedOn = plan.importDay - onPostDays(plan, index) * DAY_MS;
        if (
          dispatchedOn < startOfYear(REPORT_YEAR - 1) ||
          dispatchedOn >= plan.importDay ||
          dispatchedOn + 366 * DAY_MS >= startOfYear(REPORT_YEAR) + 335 * DAY_MS
        )
          misplaced.push(index);
      }
      expect(misplaced).toEqual([]);
    }
  });

  it('leaves more calendar before the year for a larger import, within bounds', () => {
    expect(leadDaysFor(100, 250)).toBe(200);
    expect(leadDaysFor(19_000, 2_000)).toBe(300);
    expect(leadDaysFor(10, 10_000)).toBe(45);
  });
});
