/**
 * Every Redis implementation of the bot's ports, built over one client and key prefix: what the
 * composition root (server.ts) hands to the engine, the intake, the channels and the features.
 */
import type { DerivedKeys } from '../../lib/crypto.js';
import type { Redis } from './client.js';
import { createRedisEditStore } from './edits.js';
import { createRedisSignupStore } from './events.js';
import { createRedisInbox } from './inbox.js';
import { createRedisIntakeQueue } from './intake.js';
import { createKeys } from './keys.js';
import { createRedisPeriodic } from './periodic.js';
import { createRedisRateCounters } from './rate-counters.js';
import { createRedisReportStore } from './reports.js';
import { createRedisBroadcastStore } from './broadcasts.js';
import { createRedisSessionStore } from './session-store.js';
import { createRedisStaffStores } from './staff.js';
import { createRedisSubscriptionStore } from './subscriptions.js';
import { createRedisUnansweredStore } from './unanswered.js';
import { createRedisUserLock } from './user-lock.js';
import { createRedisZaloContactStore, createRedisZaloTokenStore } from './zalo.js';

export type RedisStores = ReturnType<typeof createRedisStores>;

/** The stores of one deployment; `sessionIdleSeconds`: how long a conversation's state lives. */
export function createRedisStores(redis: Redis, opts: { prefix: string; secrets: DerivedKeys; sessionIdleSeconds: number }) {
  const { prefix, secrets } = opts;
  const keys = createKeys(prefix);
  return {
    sessions: createRedisSessionStore(redis, keys, opts.sessionIdleSeconds, secrets.encryption),
    userLock: createRedisUserLock(redis, keys),
    laterInbox: createRedisInbox(redis, keys),
    counters: createRedisRateCounters(redis, prefix),
    intake: createRedisIntakeQueue(redis, prefix, secrets.pseudonym),
    reports: createRedisReportStore(redis, prefix, secrets.encryption),
    signups: createRedisSignupStore(redis, prefix, secrets.encryption),
    subscriptions: createRedisSubscriptionStore(redis, prefix),
    unanswered: createRedisUnansweredStore(redis, prefix),
    broadcasts: createRedisBroadcastStore(redis, prefix),
    staff: createRedisStaffStores(redis, prefix),
    edits: createRedisEditStore(redis, prefix),
    periodic: createRedisPeriodic(redis, prefix),
    /** The Zalo OA tokens; their refresh lock waits longer than a turn's (a refresh is an HTTP call). */
    zaloTokens: createRedisZaloTokenStore(redis, prefix, { ttlMs: 20_000, waitMs: 15_000 }),
    zaloContacts: createRedisZaloContactStore(redis, prefix),
  };
}
