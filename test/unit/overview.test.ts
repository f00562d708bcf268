// The overview's pure parts: who may see it, the export's language, and the
// guard that keeps a spreadsheet from running a cell.
import { describe, expect, it } from 'vitest';
import { exportLanguage, neutralizeFormula } from '../../api/overview-export.js';
import { shanghaiYearOf, shanghaiYearStart } from '../../api/overview.js';
import { ROLES } from '../../domain/roles.js';
import { maySeeOverview } from '../../domain/permissions.js';

describe('overview', () => {
  it('is for the county organization department and the regional administrator only', () => {
    expect(ROLES.filter((role) => maySeeOverview({ role }))).toEqual([
      'county_org',
      'region_admin',
    ]);
  });

  it('speaks the language asked for: lang first, then Accept-Language by weight, else Chinese', () => {
    expect(exportLanguage('en', 'zh-CN')).toBe('en');
    expect(exportLanguage(undefined, 'fr-FR, en;q=0.8, zh;q=0.9')).toBe('zh');
    expect(exportLanguage(undefined, 'fr-FR, en;q=0.8, zh;q=0.5')).toBe('en');
    expect(exportLanguage(undefined, 'en;q=0, fr')).toBe('zh');
    expect(exportLanguage(undefined, ';;,,q=x')).toBe('zh');
    expect(exportLanguage(undefined, undefined)).toBe('zh');
  });

  it('writes a text cell that a spreadsheet would run with a leading apostrophe', () => {
    for (const cell of ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1'])
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    for (const cell of ['1', '宾阳县', 'a=b', '', "'x"]) expect(neutralizeFormula(cell)).toBe(cell);
  });

  it('counts calendar years in Asia/Shanghai', () => {
    expect(shanghaiYearStart(2026).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(shanghaiYearOf(new Date('2025-12-31T16:00:00Z'))).toBe(2026);
    expect(shanghaiYearOf(new Date('2025-12-31T15:59:59Z'))).toBe(2025);
  });
});
