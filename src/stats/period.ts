/** Periods of local days: the days between two dates, ISO weeks, whole calendar months. */
import type { Day } from './ports.js';

/** The longest period one request may cover (a little over two years). */
export const MAX_DAYS = 800;

const DAY_MS = 86_400_000;
const toMs = (d: Day) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number): Day => new Date(ms).toISOString().slice(0, 10);

/** True for a real calendar date `YYYY-MM-DD`. */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(toMs(s)) && fromMs(toMs(s)) === s;
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let ms = toMs(from); ms <= toMs(to); ms += DAY_MS) out.push(fromMs(ms));
  return out;
}

/** The number of days from `from` to `to`, both included. */
export const spanDays = (from: Day, to: Day) => Math.round((toMs(to) - toMs(from)) / DAY_MS) + 1;

/** The Monday of a day's ISO week. */
export function weekStart(d: Day): Day {
  const ms = toMs(d);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  return fromMs(ms - weekday * DAY_MS);
}

/** The ISO week of a day, `2026-W30`. */
export function isoWeek(d: Day): string {
  const ms = toMs(d);
  const thursday = ms + (3 - ((new Date(ms).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Adds days to a day. */
export const addDays = (d: Day, n: number): Day => fromMs(toMs(d) + n * DAY_MS);

/**
 * True when the period is made of whole calendar months (it starts on a month's first day and ends
 * on a month's last): the coarsest breakdown, park × month, on which small counts may be shown.
 */
export function wholeMonths(from: Day, to: Day): boolean {
  return from.endsWith('-01') && addDays(to, 1).endsWith('-01');
}
