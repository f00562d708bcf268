// The village teams of the overview (shared/DOMAIN.md: a team of at least 3
// per village, the first secretary leading it): each county's villages with
// officials on post, those with fewer than the policy's team size, and those
// with no first secretary, from the record; in the page's export as a sheet.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficialSnapshot, Stage } from '../domain/records.js';
import { startApi, type ApiHarness } from './support/api.js';
import { seedTerms, type SeedTerm } from './support/overview-terms.js';

const BINYANG = 'gx/nanning/binyang';
const WUMING = 'gx/nanning/wuming';

const team = (
  county: string,
  village: string,
  posts: OfficialSnapshot['post'][],
  stage: Stage = 'on_duty',
): SeedTerm[] => posts.map((post) => ({ county, village, post, stage }));

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  await seedTerms(api.pool, [
    // Binyang: a full team; a team of two led by a first secretary; a team of
    // three with no first secretary; a village whose only official's term is
    // closed (no team now); and a village in hand-over, both officials counted.
    ...team(BINYANG, 'full', ['first_secretary', 'team_member', 'team_member']),
    ...team(BINYANG, 'two', ['first_secretary', 'team_member']),
    ...team(BINYANG, 'leaderless', ['team_member', 'team_member', 'team_member']),
    ...team(BINYANG, 'left', ['first_secretary'], 'closed'),
    ...team(BINYANG, 'overlap', ['first_secretary', 'team_member'], 'handing_over'),
    ...team(BINYANG, 'overlap', ['first_secretary'], 'dispatched'),
    // Wuming: one official alone in a village, still in vetting (not on post),
    // and one on post.
    ...team(WUMING, 'vetting', ['first_secretary'], 'vetting'),
    ...team(WUMING, 'alone', ['team_member']),
  ]);
});
afterAll(async () => {
  await api?.stop();
});

describe('the overview of village teams', () => {
  it('counts each county’s villages on post, those under the team size, and those with no first secretary', async () => {
    const r = await api.get('/api/overview', 'admin-gx');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.teams).toEqual({
      minTeamSize: 3,
      rows: [
        { county: BINYANG, villages: 4, understaffed: 1, noFirstSecretary: 1 },
        { county: WUMING, villages: 1, understaffed: 1, noFirstSecretary: 1 },
      ],
    });
  });

  it('shows a county its own villages only', async () => {
    const r = await api.get('/api/overview', 'org-wuming');
    expect(r.status).toBe(200);
    expect(r.body.teams.rows).toEqual([
      { county: WUMING, villages: 1, understaffed: 1, noFirstSecretary: 1 },
    ]);
  });

  it('writes the figure as a sheet of the Excel export, with its total', async () => {
    const res = await fetch(`${api.baseUrl}/api/overview/export.xlsx`, {
      headers: { authorization: `Bearer ${await api.token('admin-gx')}` },
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('驻村工作队');
    expect(sheet).toBeDefined();
    const rows = sheet!
      .getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    expect(rows).toEqual([
      ['县（市、区）', '有干部在岗的村', '不足3人的村', '无第一书记的村'],
      [BINYANG, 4, 1, 1],
      [WUMING, 1, 1, 1],
      ['合计', 5, 2, 2],
    ]);
  });
});
