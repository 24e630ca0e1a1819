/**
 * Wires subscriptions, news, the FAQ statistics and broadcasts: the flows' effects, the staff
 * routes, the workers, and `unfollow` for channel adapters (a Zalo unfollow drops the user's
 * subscriptions). Imports the core and its own modules only; the composition root passes the rest.
 */
import type { Router } from 'express';
import { createBroadcasts, type BroadcastOptions, type Broadcasts } from '../broadcast/index.js';
import { createBroadcastStore } from '../broadcast/store.js';
import type { Outcome } from '../broadcast/types.js';
import type { ChannelSender } from '../core/ports.js';
import type { ContentData } from '../festival/data.js';
import type { EffectHandler, Say } from '../core/flow.js';
import type { I18n } from '../core/i18n.js';
import type { OutboundMessage } from '../core/message.js';
import { createUnansweredStore, type UnansweredStore } from '../faq/unanswered.js';
import { openAddress, pseudonymize, type DerivedKeys } from '../lib/crypto.js';
import type { Logger } from '../lib/logger.js';
import type { Redis } from '../store/redis/client.js';
import { createNewsAdminRoutes, type NewsAdminDeps } from './admin-routes.js';
import { newsEffects } from './effects.js';
import { createNewsKeys } from './keys.js';
import { createLatestNews } from './latest.js';
import { createSubscriptions, type Subscriptions } from './subscriptions.js';

export interface NewsDeps {
  redis: Redis;
  redisUrl: string;
  prefix: string;
  secrets: DerivedKeys;
  data: ContentData;
  i18n: I18n;
  clock(): Date;
  logger: Logger;
  lastSeen(userKey: string): Promise<Date | undefined>;
  render(userKey: string, say: Say[]): Promise<OutboundMessage[]>;
  senders: Partial<Record<string, ChannelSender>>;
  options?: Partial<BroadcastOptions>;
  /** Days an unanswered question is kept after it was last asked (UNANSWERED_RETENTION_DAYS). */
  unansweredRetentionDays?: number;
  /** Called once per settled broadcast delivery, with its outcome. */
  onDeliverySettled?(outcome: Outcome): void;
}

export interface News {
  effects: Record<string, EffectHandler>;
  subscriptions: Subscriptions;
  unanswered: UnansweredStore;
  broadcasts: Broadcasts;
  /** Drops every subscription of a platform user (call it on a Zalo `unfollow`); false when there was none. */
  unfollow(channel: string, platformUserId: string): Promise<boolean>;
  /** Staff routes to mount behind the admin authentication (roles in admin-routes.ts); `onStarted` audits broadcasts. */
  adminRoutes(hooks?: Pick<NewsAdminDeps, 'onStarted'>): Router;
}

export function createNews(deps: NewsDeps): News {
  const keys = createNewsKeys(deps.prefix);
  const subscriptions = createSubscriptions(deps.redis, keys);
  const unanswered = createUnansweredStore(deps.redis, keys, { retentionDays: deps.unansweredRetentionDays, clock: deps.clock });
  const store = createBroadcastStore(deps.redis, keys);
  const broadcasts = createBroadcasts({
    redisUrl: deps.redisUrl,
    redis: deps.redis,
    keys,
    store,
    subscriptions,
    data: deps.data,
    lastSeen: deps.lastSeen,
    render: deps.render,
    open: (sealed) => openAddress(deps.secrets.encryption, sealed),
    senders: deps.senders,
    clock: deps.clock,
    logger: deps.logger,
    options: deps.options,
    onDeliverySettled: deps.onDeliverySettled,
  });
  const latest = createLatestNews({ data: deps.data, store });
  return {
    effects: newsEffects({ subscriptions, unanswered, latest, i18n: deps.i18n, data: deps.data }),
    subscriptions,
    unanswered,
    broadcasts,
    unfollow: (channel, id) => subscriptions.remove(pseudonymize(deps.secrets.pseudonym, channel, id)),
    adminRoutes: (hooks) => createNewsAdminRoutes({ broadcasts, unanswered, ...hooks }),
  };
}
