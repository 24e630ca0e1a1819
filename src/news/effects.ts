/**
 * Effects of the subscription, news and FAQ flows: the only place these flows reach storage.
 * `subs.add` / `subs.stop` store by pseudonym with the sealed address; `news.latest` lists the
 * latest campaigns; `faq.unanswered` counts a question the FAQ could not answer.
 */
import { TOPICS, topicChooser, type Topic } from '../festival/faq-broadcasts.js';
import type { ContentData } from '../festival/data.js';
import type { EffectHandler, Say } from '../core/flow.js';
import type { I18n } from '../core/i18n.js';
import { festivalSeason, seasonParams } from '../festival/season.js';
import type { UnansweredStore } from '../faq/unanswered.js';
import type { LatestNews } from './latest.js';
import type { Subscriptions } from './subscriptions.js';

export interface NewsEffectDeps {
  subscriptions: Subscriptions;
  unanswered: UnansweredStore;
  latest: LatestNews;
  i18n: I18n;
  data: ContentData;
}

const isTopic = (t: unknown): t is Topic => (TOPICS as readonly unknown[]).includes(t);

export function newsEffects(deps: NewsEffectDeps): Record<string, EffectHandler> {
  const { subscriptions, i18n } = deps;
  return {
    'subs.add': async (e, ctx) => {
      if (ctx.channel === 'web') return { say: [{ key: 'news:subscribe.web_only' }], next: null };
      const wanted = Array.isArray(e.topics) ? e.topics.filter(isTopic) : [];
      const now = await subscriptions.add(ctx.userKey, { channel: ctx.channel, address: ctx.sealedAddress }, wanted, ctx.now);
      const topics = now.map((t) => i18n.t(ctx.lang, `news:subscribe.topics.${t}`)).join(', ');
      return {
        say: [{ key: 'news:subscribe.saved', params: { topics } }, { key: 'news:subscribe.saved_more', buttons: topicChooser(now) }],
        next: { step: 'topics', data: {} },
      };
    },
    'subs.stop': async (_e, ctx) => {
      const had = await subscriptions.remove(ctx.userKey);
      return { say: [{ key: had ? 'news:subscribe.stopped' : 'news:subscribe.not_subscribed' }], next: null };
    },
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
          : { key: 'news:news.subscribe_hint', buttons: [{ key: 'news:subscribe.menu', payload: '#subscribe' }, { key: 'common:back_to_menu', payload: '#menu' }] },
      );
      return { say };
    },
    'faq.unanswered': async (e, ctx) => {
      await deps.unanswered.record(String(e.text ?? ''), ctx.now);
      return {};
    },
  };
}
