// Working-day deadlines on the real calendar, in running terms (time-skipping
// server): the public holidays and make-up working days count, and a count
// past the holiday table's years falls back to weekends only, logged once.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { dateKeyOf, instantOf, localDateOf } from '../domain/calendar.js';
import { CN_HOLIDAYS } from '../domain/holidays-cn.js';
import { scaledPolicy } from '../domain/policy.js';
import { candidate, keepHistory, useTermHarness, type Harness } from './support/term-harness.js';

let env: TestWorkflowEnvironment;
let h: Harness;
useTermHarness((e, harness) => {
  env = e;
  h = harness;
});

const DAY = 86_400_000;

describe('reply deadlines in working days', () => {
  it('falls back to weekends only past the holiday table, and logs it once', async () => {
    // Move to 24 December of the table's last year: ten working days reach into
    // a year the table does not have yet. (First in this file: the server's
    // clock only moves forward, and skipping weeks of time is quickest while no
    // other term is running: in a trial run, skipping these weeks after the
    // next test's compressed term hung the time-skipping server; not explained.)
    const now = await h.now();
    const { year } = localDateOf(now);
    expect(year).toBeLessThanOrEqual(CN_HOLIDAYS.lastYear);
    const christmasEve = instantOf(
      { year: CN_HOLIDAYS.lastYear, month: 12, day: 24 },
      10 * 3_600_000,
    );
    if (christmasEve > now) await env.sleep(christmasEve - now);
    const filedOn = await h.now();
    const wh = await h.nominate(candidate(filedOn));
    const v = await h.waitFor(wh, 'three vetting requests', (x) => x.requests.length === 3);
    for (const request of v.requests) {
      const deadline = localDateOf(request.deadlineAt);
      expect(deadline.year).toBe(CN_HOLIDAYS.lastYear + 1);
      const weekday = new Date(request.deadlineAt + 8 * 3_600_000).getUTCDay();
      expect([1, 2, 3, 4, 5]).toContain(weekday);
      expect(request.deadlineAt - request.filedAt).toBeLessThan(16 * DAY);
    }
    // The record follows the workflow's committed history: wait for its batch.
    const fallbackRows = async () =>
      (
        await h.pool.query(
          `SELECT detail FROM decision_log WHERE term_id = $1 AND action = 'calendar_fallback'`,
          [wh.workflowId],
        )
      ).rows;
    await expect.poll(fallbackRows, { timeout: 15_000 }).toHaveLength(1);
    const fallback = { rows: await fallbackRows() };
    expect(fallback.rows[0].detail).toContain(String(CN_HOLIDAYS.lastYear + 1));
    expect(fallback.rows[0].detail).toContain(CN_HOLIDAYS.source);
    expect(dateKeyOf(filedOn).startsWith(String(CN_HOLIDAYS.lastYear))).toBe(true);
    await keepHistory('holiday-calendar-fallback', wh);
    await wh.terminate('test done');
  });

  it('counts the Spring Festival holiday and its make-up Saturdays on a compressed clock', async () => {
    const now = await h.now();
    const policyDay = 60_000;
    // The run's present is 09:00 on Friday 13 February 2026 on this term's calendar.
    const policy = {
      ...scaledPolicy(policyDay),
      clock: {
        runOriginMs: now,
        calendarOriginMs: instantOf({ year: 2026, month: 2, day: 13 }, 9 * 3_600_000),
      },
    };
    const wh = await h.nominate(candidate(now), { policy });
    const v = await h.waitFor(wh, 'three vetting requests', (x) => x.requests.length === 3);
    for (const request of v.requests) {
      // Saturday the 14th is worked, 15–23 February are off, Saturday the 28th
      // is worked: 10 working days are 20 calendar days (weekends only: 14).
      expect((request.deadlineAt - request.filedAt) / policyDay).toBe(20);
    }
    await keepHistory('holiday-calendar-vetting', wh);
    const fallback = await h.pool.query(
      `SELECT 1 FROM decision_log WHERE term_id = $1 AND action = 'calendar_fallback'`,
      [wh.workflowId],
    );
    expect(fallback.rowCount).toBe(0);
    await wh.terminate('test done');
  });
});
