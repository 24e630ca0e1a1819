/**
 * Subscriptions to news and slogans by topic: the flow's effects over the store (ports.ts), and
 * `unfollow` for channel adapters (a Zalo unfollow drops the user's subscriptions). Broadcasts read
 * the same store as their audience.
 */
import type { EffectHandler } from '../core/flow.js';
import type { I18n } from '../core/i18n.js';
import { pseudonymize } from '../lib/crypto.js';
import { subscriptionEffects } from './effects.js';
import type { SubscriptionStore } from './ports.js';

export interface Subscriptions {
  store: SubscriptionStore;
  effects: Record<string, EffectHandler>;
  /** Drops every subscription of a platform user (call it on a Zalo `unfollow`); false when there was none. */
  unfollow(channel: string, platformUserId: string): Promise<boolean>;
}

export function createSubscriptions(deps: {
  store: SubscriptionStore;
  i18n: I18n;
  pseudonym: Buffer;
  /** The statistics: new subscribers per topic. */
  onSubscribed?(topics: string[], at: Date): Promise<void>;
}): Subscriptions {
  const { store } = deps;
  return {
    store,
    effects: subscriptionEffects({ store, i18n: deps.i18n, onSubscribed: deps.onSubscribed }),
    unfollow: (channel, id) => store.remove(pseudonymize(deps.pseudonym, channel, id)),
  };
}
