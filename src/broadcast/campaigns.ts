/**
 * Campaigns from `content/broadcasts.yaml`, with the daily slogans expanded to one campaign a day,
 * at their time in the festival's time zone. Pure: the scheduler, the CLI and "tin mới" read them.
 */
import type { BroadcastsData, Topic } from '../festival/faq-broadcasts.js';
import type { Calendar, KcnRegistry } from '../festival/data.js';
import type { Say } from '../core/flow.js';
import { seasonParams } from '../festival/season.js';

/** A campaign with its absolute time. */
export interface Campaign {
  id: string;
  at: Date;
  topic: Topic;
  /** i18n key of the message. */
  message: string;
  /** Extra parameters (the slogan's number for the daily slogan). */
  params?: Record<string, number>;
}

/** How many official slogans there are (content/<lang>/slogans.yaml `items`). */
export const SLOGAN_COUNT = 5;

/** The UTC instant of a local date and time in `timeZone`. */
export function zonedTime(date: string, time: string, timeZone: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  const shown = new Date(`${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:00Z`);
  return new Date(guess.getTime() - (shown.getTime() - guess.getTime()));
}

/** Every campaign, oldest first. */
export function listCampaigns(data: BroadcastsData, timeZone: string): Campaign[] {
  const out: Campaign[] = data.campaigns.map((c) => ({ id: c.id, at: zonedTime(c.date, c.time, timeZone), topic: c.topic, message: c.message }));
  const daily = data.dailySlogan;
  if (daily) {
    const first = Date.parse(`${daily.from}T00:00:00Z`);
    const last = Date.parse(`${daily.to}T00:00:00Z`);
    for (let t = first, n = 0; t <= last; t += 86_400_000, n++) {
      const date = new Date(t).toISOString().slice(0, 10);
      out.push({
        id: `slogan-${date}`,
        at: zonedTime(date, daily.time, timeZone),
        topic: 'slogan',
        message: 'broadcasts:daily_slogan',
        params: { slogan: n % SLOGAN_COUNT },
      });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The message of a campaign with the seasonal numbers of its own date (language-neutral ones only). */
export function campaignSay(c: Campaign, data: { calendar: Calendar; kcn: KcnRegistry }): Say {
  const { parks: _parks, ...season } = seasonParams(c.at, data, 'vi');
  return { key: c.message, params: { ...season, ...c.params } };
}
