// The official reports a month's days in the village; the township sees the
// report when it closes the month. Debian's Chromium (headless, driven by
// playwright-core) on the real API app, a real worker on the shared Temporal
// dev server and a fresh PostgreSQL database; the other bodies act through the
// API. Terms run on policy days of 500 ms, so that a term's first month ends in
// about 15 s.
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actors.js';
import { scaledPolicy } from '../domain/policy.js';
import type { CandidateProfile } from '../domain/profile.js';
import { startApi, type ApiHarness } from './support/api.js';
import { scriptErrors, shoot, signInAs, SLOW, useBrowser } from './support/browser.js';
import { termSteps } from './support/term-steps.js';

// The function given to page.evaluate runs in the browser (see web.test.ts).
declare const localStorage: { setItem(key: string, value: string): void };

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
const { taskIn, decide, onDuty } = termSteps(() => api);
beforeAll(async () => {
  api = await startApi({ policy: scaledPolicy(500) });
});
afterAll(async () => {
  await api?.stop();
});

const officialActor = (p: CandidateProfile): Actor => ({
  id: p.officialId,
  name: p.name,
  role: 'official',
  jurisdiction: p.village,
  email: p.email,
});

/** Signs the page in as an official who is not among the demo actors: their token, as sign-in keeps it. */
async function signInAsOfficial(page: Page, p: CandidateProfile) {
  const token = await api.token(officialActor(p));
  await page.goto('/');
  await page.evaluate(
    ([t, a]) => {
      localStorage.setItem('zhucun.token', t!);
      localStorage.setItem('zhucun.actor', a!);
    },
    [token, JSON.stringify(officialActor(p))],
  );
  await page.goto(`/officials/${p.officialId}`);
  await page.getByRole('heading', { level: 1, name: p.name }).waitFor();
}

const report = (p: CandidateProfile, as: string | Actor, body: unknown) =>
  api.post(`/api/officials/${p.officialId}/attendance-reports`, as, body);

describe("the official's own report of a month", () => {
  it('is refused before a month has ended, to anyone but the official, and out of range', async () => {
    const p = await onDuty({ name: '梁秀英', village: 'gx/nanning/wuming/fucheng/qingshan' });
    const me = officialActor(p);
    // No month has ended yet: nothing to report.
    const early = await report(p, me, { month: 1, days: 20 });
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body.error.code).toBe('wrong_stage');
    // The township closes months; it does not report them for the official.
    const township = await report(p, 'twp-fucheng', { month: 1, days: 20 });
    expect(township.status).toBe(403);
    for (const bad of [
      { month: 1, days: 32 },
      { month: 1, days: -1 },
      { month: 0, days: 20 },
      { month: 1, days: 2.5 },
      { month: 1 },
      { month: 1, days: 20, extra: true },
      { month: 1, days: 20, note: 'x'.repeat(1001) },
    ]) {
      const r = await report(p, me, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    const record = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
    expect(
      record.body.timeline.filter((e: { action: string }) => e.action === 'attendance_reported'),
    ).toEqual([]);
  });

  it('goes from the official’s page to the township’s month close, and is kept beside the days confirmed', async () => {
    const p = await onDuty({ name: '黎文静', village: 'gx/nanning/wuming/fucheng/dongfeng' });
    const close = await taskIn('twp-fucheng', p.officialId, 'close_attendance', 60_000);

    const page = await browse();
    await signInAsOfficial(page, p);
    const form = page.locator('details[data-action="reportAttendance"]');
    await form.locator('summary').click();
    expect(await form.locator('select[name="month"] option').allTextContents()).toEqual([
      expect.stringMatching(/^第1个月/),
    ]);
    await form.getByLabel('在村天数').fill('23');
    await form.getByLabel('说明（可选）').fill('月底两天到县里参加会议');
    await form.getByRole('button', { name: '报告本月驻村天数' }).click();
    await expect
      .poll(() => page.locator('#timeline').textContent(), SLOW)
      .toContain('本人报告第1个月在村23天');

    // A second report replaces the first; the log keeps both.
    const again = page.locator('details[data-action="reportAttendance"]');
    await again.locator('summary').click();
    expect(await again.getByTestId('attendance-reported').textContent()).toContain('已报告 23 天');
    expect(await again.getByLabel('在村天数').inputValue()).toBe('23');
    await again.getByLabel('在村天数').fill('24');
    await again.getByRole('button', { name: '报告本月驻村天数' }).click();
    await expect
      .poll(() => page.locator('#timeline').textContent(), SLOW)
      .toContain('本人报告第1个月在村24天（原报告23天）');
    await shoot(page, 'attendance-report');

    // The township sees the latest report in the month's row.
    const township = await browse();
    await signInAs(township, 'twp-fucheng');
    await township.goto('/month-close');
    const row = township.locator(`tr[data-task-id="${close.id}"]`);
    await expect.poll(() => row.textContent(), SLOW).toContain('本人报告：24天');
    expect(await row.locator('input.days').getAttribute('placeholder')).toBe('24');
    const month = await api.get('/api/month-close', 'twp-fucheng');
    const mine = month.body.rows.find((r: { officialId: string }) => r.officialId === p.officialId);
    expect(mine.reported).toMatchObject({ days: 24 });
    expect(mine.reported.note).toBeUndefined();
    // The close's own task page shows the report above the decision too.
    const detail = await api.get(`/api/tasks/${close.id}`, 'twp-fucheng');
    expect(detail.body.context).toMatchObject({ kind: 'attendance', reported: { days: 24 } });
    await township.goto(`/tasks/${close.id}`);
    const context = township.locator('#task-context');
    await expect.poll(() => context.textContent(), SLOW).toMatch(/本人报告\s*24 天/);
    await township.goto('/month-close');

    // The township decides: the record keeps its days beside the official's.
    await decide('twp-fucheng', close.id, { decision: 'approve', comment: '核实', days: 22 });
    await expect
      .poll(async () => {
        const r = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
        return r.body.snapshot.years[0].attendance;
      }, SLOW)
      .toEqual([{ month: 1, days: 22, breach: false, reported: 24 }]);
    const closed = await api.get(`/api/tasks/${close.id}`, 'twp-fucheng');
    expect(closed.body.context.reported).toBeUndefined();
    expect(closed.body.context.recorded).toMatchObject({ days: 22, reported: 24 });
    // Once closed, the month takes no more reports.
    const late = await report(p, officialActor(p), { month: 1, days: 25 });
    expect(late.status).toBe(409);
    await township.reload();
    await expect.poll(() => row.textContent(), SLOW).toContain('本人报告：24天');
    for (const pg of [page, township]) expect(scriptErrors(pg)).toEqual([]);
  });
});
