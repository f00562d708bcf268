// Writes domain/holidays-cn.ts, the public holidays and make-up working days
// (调休) the calendar counts, from the npm package chinese-days (kept up to
// date from the State Council's notices, published each November or December
// for the year after). Each year, once the package has the new year:
//   npm install --save-dev --save-exact chinese-days@<new version>
//   npm run holidays:update
// and commit the package bump with the regenerated table; the unit test
// test/unit/calendar.test.ts fails while the two disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Years before this are of no running term; they are left out of the table. */
export const FIRST_YEAR = 2020;

const require = createRequire(import.meta.url);

export interface HolidayData {
  source: string;
  firstYear: number;
  lastYear: number;
  offDays: string[];
  makeUpWorkdays: string[];
}

/** The table as the installed chinese-days package gives it. */
export function holidaysFromPackage(): HolidayData {
  const pkg = JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as {
    version: string;
  };
  const data = JSON.parse(
    readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8'),
  ) as { holidays: Record<string, string>; workdays: Record<string, string> };
  const inRange = (key: string): boolean => Number(key.slice(0, 4)) >= FIRST_YEAR;
  const offDays = Object.keys(data.holidays).filter(inRange).sort();
  const makeUpWorkdays = Object.keys(data.workdays).filter(inRange).sort();
  const lastYear = Math.max(...offDays.map((key) => Number(key.slice(0, 4))));
  return {
    source: `chinese-days@${pkg.version}`,
    firstYear: FIRST_YEAR,
    lastYear,
    offDays,
    makeUpWorkdays,
  };
}

function render(data: HolidayData): string {
  const list = (keys: string[]): string => keys.map((key) => `    '${key}',`).join('\n');
  return `// Written by \`npm run holidays:update\` (scripts/update-holidays.ts) from the
// npm package ${data.source}; do not edit by hand. Public holidays (with the
// weekend days joined to them) and make-up working days (调休), ${data.firstYear}–${data.lastYear}.
import type { HolidayTable } from './calendar.js';

export const CN_HOLIDAYS: HolidayTable = {
  source: '${data.source}',
  firstYear: ${data.firstYear},
  lastYear: ${data.lastYear},
  offDays: [
${list(data.offDays)}
  ],
  makeUpWorkdays: [
${list(data.makeUpWorkdays)}
  ],
};
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../domain/holidays-cn.ts', import.meta.url));
  const data = holidaysFromPackage();
  writeFileSync(target, render(data));
  console.log(
    `wrote ${target}: ${data.offDays.length} days off, ${data.makeUpWorkdays.length} make-up working days, ${data.firstYear}–${data.lastYear} (${data.source})`,
  );
}
