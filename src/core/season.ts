/**
 * The festival season as numbers: days left to the next festival day, whether today is within the
 * activities period (20/7 to 19/8), and the parameters every seasonal text may use.
 */
import { anniversaries, formatDayMonth, localDate } from './calendar.js';
import type { Calendar, KcnRegistry } from './content.js';
import type { Lang } from './message.js';

/** Where `now` stands in the festival year. */
export interface Season {
  year: number;
  /** Days from today (local) to the next festival day; 0 on the day itself. */
  daysLeft: number;
  /** The year of that next festival day. */
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
  const passed = ordinal(today) > ordinal({ day, month });
  const festivalYear = passed ? today.year + 1 : today.year;
  const daysLeft = dayNumber(festivalYear, month, day) - dayNumber(today.year, today.month, today.day);
  const t = ordinal(today);
  const inSeason = t >= ordinal(calendar.activities.from) && t <= ordinal(calendar.activities.to);
  return { year: today.year, daysLeft, festivalYear, inSeason };
}

/**
 * Parameters for seasonal texts: `year`, `from`, `to`, `parks`, `policeYears`, `festivalYears`,
 * `daysLeft`, `festivalYear` and `countdown` (`days` or `today`, to pick the countdown sentence).
 */
export function seasonParams(now: Date, data: { calendar: Calendar; kcn: KcnRegistry }, lang: Lang): Record<string, string | number> {
  const { calendar, kcn } = data;
  const s = festivalSeason(now, calendar);
  const { policeYears, festivalYears } = anniversaries(now, calendar);
  return {
    year: s.year,
    from: formatDayMonth(calendar.activities.from, s.year),
    to: formatDayMonth(calendar.activities.to, s.year),
    parks: kcn.parks.map((p) => p.name[lang]).join(', '),
    policeYears,
    festivalYears,
    daysLeft: s.daysLeft,
    festivalYear: s.festivalYear,
    countdown: s.daysLeft === 0 ? 'today' : 'days',
  };
}
