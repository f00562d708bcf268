// Dates for the import tests' files, relative to today on the Shanghai
// calendar. The term's year running now always holds 1 January of this
// calendar year to today, however its first or last part year joins: a date
// of "this year's" training or health check is kept inside that stretch, so
// the files stay good in the first days of January too.
import { dateKeyOf, DAY_MS, startOfYear, yearOf } from '../../domain/calendar.js';

export const daysAgo = (n: number): string => dateKeyOf(Date.now() - n * DAY_MS);

/** n days ago, or 1 January of this calendar year if that was later. */
export const daysAgoThisYear = (n: number): string =>
  dateKeyOf(Math.max(Date.now() - n * DAY_MS, startOfYear(yearOf(Date.now()))));
