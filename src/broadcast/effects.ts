/**
 * The effect of the news flow ("tin mới"): the season's greeting, the latest campaigns and
 * broadcasts, and where to subscribe.
 */
import type { EffectHandler, Say } from '../core/flow.js';
import type { ContentData } from '../festival/data.js';
import { festivalSeason, seasonParams } from '../festival/season.js';
import type { LatestNews } from './latest.js';

export function newsEffects(deps: { latest: LatestNews; data: ContentData }): Record<string, EffectHandler> {
  return {
    'news.latest': async (_e, ctx) => {
      const season = festivalSeason(ctx.now, deps.data.calendar);
      const params = seasonParams(ctx.now, deps.data, ctx.lang);
      const say: Say[] = [{ key: season.inSeason ? 'news:season.greeting' : 'news:season.line', params }];
      if (season.inSeason) say.push({ key: 'news:season.line', params });
      const items = await deps.latest(ctx.now, 3);
      say.push(...(items.length ? [{ key: 'news:news.title' }, ...items] : [{ key: 'news:news.none' }]));
      say.push(
        ctx.channel === 'web'
          ? { key: 'news:subscribe.web_only', buttons: [{ key: 'common:back_to_menu', payload: '#menu' }] }
          : {
              key: 'news:news.subscribe_hint',
              buttons: [
                { key: 'news:subscribe.menu', payload: '#subscribe' },
                { key: 'common:back_to_menu', payload: '#menu' },
              ],
            },
      );
      return { say };
    },
  };
}
