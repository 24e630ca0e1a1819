/**
 * The latest campaign messages for "tin mới": campaigns whose time has come (from content) and
 * broadcasts started by supervisors (from Redis, not those still scheduled or cancelled), newest first, at most one daily slogan.
 */
import type { ContentData } from '../festival/data.js';
import type { Say } from '../core/flow.js';
import { localDate } from '../festival/calendar.js';
import type { BroadcastStore } from './ports.js';
import { campaignSay, listCampaigns } from './campaigns.js';

/** Lists up to `limit` news items as things to say. */
export type LatestNews = (now: Date, limit: number) => Promise<Say[]>;

interface Item {
  id: string;
  at: Date;
  topic: string;
  say: Say;
}

export function createLatestNews(deps: { data: ContentData; store: BroadcastStore }): LatestNews {
  const { data } = deps;
  const campaigns = listCampaigns(data.broadcasts, data.calendar.timezone);
  return async (now, limit) => {
    const due: Item[] = campaigns.filter((c) => c.at <= now).map((c) => ({ id: c.id, at: c.at, topic: c.topic, say: campaignSay(c, data) }));
    const ids = await deps.store.recent(20);
    const [started, reports] = await Promise.all([
      Promise.all(ids.map((id) => deps.store.definition(id))),
      Promise.all(ids.map((id) => deps.store.report(id))),
    ]);
    // A scheduled broadcast is news once it has started; a cancelled one never is.
    const sent = new Set(reports.filter((r) => r && r.status !== 'scheduled' && r.status !== 'cancelled').map((r) => r!.id));
    for (const def of started) {
      if (def && sent.has(def.id) && !due.some((d) => d.id === def.id) && Date.parse(def.at) <= now.getTime())
        due.push({ id: def.id, at: new Date(def.at), topic: def.topic, say: def.say });
    }
    due.sort((a, b) => b.at.getTime() - a.at.getTime());
    const picked: Item[] = [];
    for (const item of due) {
      if (picked.length >= limit) break;
      if (item.topic === 'slogan' && picked.some((p) => p.topic === 'slogan')) continue;
      picked.push(item);
    }
    return picked.map((item) => {
      const d = localDate(item.at, data.calendar.timezone);
      return { key: 'news:news.item', params: { ...item.say.params, message: item.say.key, date: `${d.day}/${d.month}/${d.year}` } };
    });
  };
}
