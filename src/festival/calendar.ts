/**
 * Dates in the festival's time zone, and the one festival year every seasonal text uses: the year of
 * the next festival day (this year's until 19/8 included, next year's from 20/8).
 */
import type { Calendar } from './data.js';

/**
 * Formatters by time zone, made once: building an Intl.DateTimeFormat costs about a hundred times
 * more than using one, and the season's figures are read in every turn that answers about the festival.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
function cached(kind: string, timeZone: string, options: Intl.DateTimeFormatOptions, locale: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    formats.set(key, format);
  }
  return format;
}
const dayFormat = (timeZone: string) => cached('day', timeZone, { year: 'numeric', month: 'numeric', day: 'numeric' }, 'en-GB');
const dateTimeFormat = (timeZone: string) =>
  cached('date-time', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }, 'sv-SE');

/** The calendar date of `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): { year: number; month: number; day: number } {
  // The last instant's date is kept by zone: a turn reads the date of its one `now` several times (an FAQ
  // answer's season figures three), and formatToParts is slow. Only the very same instant is a hit (zones
  // had offsets in seconds once: Hanoi's +7:06:30 before 1911).
  const at = now.getTime();
  const last = lastDate.get(timeZone);
  if (last?.at === at) return { ...last.date };
  const parts = dayFormat(timeZone).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const date = { year: get('year'), month: get('month'), day: get('day') };
  lastDate.set(timeZone, { at, date });
  return { ...date };
}
const lastDate = new Map<string, { at: number; date: { year: number; month: number; day: number } }>();

const ordinal = (d: { month: number; day: number }) => d.month * 100 + d.day;

/**
 * The year of the festival that `now` looks forward to: this year's until its festival day (19/8)
 * included, next year's from the day after. Slogans, dates and the countdown all use this year, so at
 * one date they always name the same festival.
 */
export function festivalYear(now: Date, calendar: Calendar): number {
  const today = localDate(now, calendar.timezone);
  return ordinal(today) > ordinal(calendar.festivalDay) ? today.year + 1 : today.year;
}

/**
 * Anniversaries celebrated on the festival day of `festivalYear(now)`: years since the People's Public
 * Security was founded (19/8/1945) and since the festival day was established (2005). For 2026: 81 and 21.
 */
export function anniversaries(now: Date, calendar: Calendar): { year: number; policeYears: number; festivalYears: number } {
  const year = festivalYear(now, calendar);
  return { year, policeYears: year - calendar.policeFoundedYear, festivalYears: year - calendar.festivalEstablishedYear };
}

/** Formats a day and month as `20/7/2026`. */
export function formatDayMonth(d: { day: number; month: number }, year: number): string {
  return `${d.day}/${d.month}/${year}`;
}

/**
 * An event's date for a list: `24/7` when it falls in the current year (local), `24/7/2027` otherwise,
 * so a list read in December never passes next July's events off as this year's.
 */
export function listDate(iso: string, now: Date, timeZone: string): string {
  const d = localDate(new Date(iso), timeZone);
  return d.year === localDate(now, timeZone).year ? `${d.day}/${d.month}` : formatDayMonth(d, d.year);
}

/** `08:00 24/7/2027`: a time and date in `timeZone` (the festival's), as messages and the organisers' lists show them. */
export function formatLocal(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour12: false,
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('hour')}:${get('minute')} ${get('day')}/${get('month')}/${get('year')}`;
}

/** `2027-07-24 08:00`: a time in `timeZone` that spreadsheets read as a date and time whatever their locale (the organisers' CSV). */
export function localDateTime(iso: string, timeZone: string): string {
  return dateTimeFormat(timeZone).format(new Date(iso));
}
