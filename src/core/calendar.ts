/** Dates in the festival's time zone, and the anniversary numbers used in the slogans. */
import type { Calendar } from './content.js';

/** The calendar date of `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/**
 * Anniversaries celebrated on this year's festival day: years since the People's Public Security
 * was founded (19/8/1945) and since the festival day was established (2005). In 2026: 81 and 21.
 */
export function anniversaries(now: Date, calendar: Calendar): { year: number; policeYears: number; festivalYears: number } {
  const { year } = localDate(now, calendar.timezone);
  return { year, policeYears: year - calendar.policeFoundedYear, festivalYears: year - calendar.festivalEstablishedYear };
}

/** Formats a day and month as `20/7/2026`. */
export function formatDayMonth(d: { day: number; month: number }, year: number): string {
  return `${d.day}/${d.month}/${year}`;
}
