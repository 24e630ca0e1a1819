/**
 * Effects of the subscription flow: the only place it reaches storage. `subs.add` / `subs.park` /
 * `subs.stop` store by pseudonym with the sealed address the engine gives.
 */
import type { EffectHandler } from '../core/flow.js';
import type { I18n } from '../core/i18n.js';
import { TOPICS, topicChooser, type Topic } from '../festival/faq-broadcasts.js';
import type { SubscriptionStore } from './ports.js';

const isTopic = (t: unknown): t is Topic => (TOPICS as readonly unknown[]).includes(t);

/** `onSubscribed`: the statistics, told of the topics a user newly follows. */
export function subscriptionEffects(deps: {
  store: SubscriptionStore;
  i18n: I18n;
  onSubscribed?(topics: Topic[], at: Date): Promise<void>;
}): Record<string, EffectHandler> {
  const { store: subscriptions, i18n } = deps;
  return {
    'subs.add': async (e, ctx) => {
      if (ctx.channel === 'web') return { say: [{ key: 'news:subscribe.web_only' }], next: null };
      const wanted = Array.isArray(e.topics) ? e.topics.filter(isTopic) : [];
      const before = deps.onSubscribed ? ((await subscriptions.get(ctx.userKey))?.topics ?? []) : [];
      const now = await subscriptions.add(ctx.userKey, { channel: ctx.channel, address: ctx.sealedAddress }, wanted, ctx.now);
      await deps.onSubscribed?.(
        now.filter((t) => !before.includes(t)),
        ctx.now,
      );
      const topics = now.map((t) => i18n.t(ctx.lang, `news:subscribe.topics.${t}`)).join(', ');
      return {
        say: [
          { key: 'news:subscribe.saved', params: { topics } },
          { key: 'news:subscribe.saved_more', buttons: topicChooser(now) },
        ],
        next: { step: 'topics', data: {} },
      };
    },
    'subs.park': async (e, ctx) => {
      const kcn = typeof e.kcn === 'string' ? e.kcn : undefined;
      if (!kcn || !(await subscriptions.setPark(ctx.userKey, kcn))) return { say: [{ key: 'news:subscribe.not_subscribed' }], next: null };
      return { say: [{ key: 'news:subscribe.park_saved', params: { park: String(e.park ?? kcn) } }], next: null };
    },
    'subs.stop': async (_e, ctx) => {
      const had = await subscriptions.remove(ctx.userKey);
      return { say: [{ key: had ? 'news:subscribe.stopped' : 'news:subscribe.not_subscribed' }], next: null };
    },
  };
}
