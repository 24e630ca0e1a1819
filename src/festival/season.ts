/**
 * The festival season as numbers: days left to the next festival day, whether today is within the
 * activities period (20/7 to 19/8), and the parameters every seasonal text may use. Every year in them
 * is `festivalYear()`, so the slogans, the dates and the countdown name the same festival.
 */
import { anniversaries, festivalYear, formatDayMonth, localDate } from './calendar.js';
import type { Calendar, KcnRegistry } from './data.js';
import type { Lang } from '../core/message.js';

/** Where `now` stands in the festival year. */
export interface Season {
  /** Days from today (local) to the next festival day; 0 on the day itself. */
  daysLeft: number;
  /** The year of that next festival day (see `festivalYear`). */
  festivalYear: number;
  /** True from the first to the last day of the activities period, both included. */
  inSeason: boolean;
}

const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const ordinal = (d: { month: number; day: number }) => d.month * 100 + d.day;

/** Computes the season for `now` in the calendar's time zone. */
export function festivalSeason(now: Date, calendar: Calendar): Season {
  const today = localDate(now, calendar.timezone);
  const { day, month } = calendar.festivalDay;
  const year = festivalYear(now, calendar);
  const daysLeft = dayNumber(year, month, day) - dayNumber(today.year, today.month, today.day);
  const t = ordinal(today);
  const inSeason = t >= ordinal(calendar.activities.from) && t <= ordinal(calendar.activities.to);
  return { daysLeft, festivalYear: year, inSeason };
}

/**
 * Parameters for seasonal texts: `year` (the festival year), `from`, `to`, `parks`, `policeYears`,
 * `festivalYears`, `daysLeft`, `festivalYear` (the same as `year`) and `countdown` (`days` or `today`,
 * to pick the countdown sentence).
 */
export function seasonParams(now: Date, data: { calendar: Calendar; kcn: KcnRegistry }, lang: Lang): Record<string, string | number> {
  const { calendar, kcn } = data;
  const s = festivalSeason(now, calendar);
  const { year, policeYears, festivalYears } = anniversaries(now, calendar);
  return {
    year,
    from: formatDayMonth(calendar.activities.from, year),
    to: formatDayMonth(calendar.activities.to, year),
    parks: kcn.parks.map((p) => p.name[lang]).join(', '),
    policeYears,
    festivalYears,
    daysLeft: s.daysLeft,
    festivalYear: s.festivalYear,
    countdown: s.daysLeft === 0 ? 'today' : 'days',
  };
}
