/**
 * Broadcasts (broadcast/ports.ts: BroadcastStore) in Redis: its definition and counters (one hash) and one delivery mark per
 * subscriber (another hash, same hash tag). Marks make deliveries idempotent: a subscriber is
 * counted once when queued, claimed with a lease before the send, and settled once after it.
 */
import type { BroadcastStore, Claim } from '../../broadcast/ports.js';
import type { BroadcastDef, BroadcastReport } from '../../broadcast/types.js';
import type { Topic } from '../../festival/faq-broadcasts.js';
import { guard, type Redis } from './client.js';
import { createBroadcastKeys } from './keys.js';
import { lua, runScript } from './script.js';

/** See scripts/broadcast-*.lua. */
const QUEUE = lua('broadcast-queue');
const CLAIM = lua('broadcast-claim');
const SETTLE = lua('broadcast-settle');
const RELEASE = lua('broadcast-release');
const FANNED_OUT = lua('broadcast-fanned-out');

const TTL_SECONDS = 90 * 24 * 3600;
const num = (v: string | undefined) => Number(v ?? 0);

/** Builds the store. Redis failures surface as STORE_UNAVAILABLE. */
export function createRedisBroadcastStore(redis: Redis, prefix: string): BroadcastStore {
  const keys = createBroadcastKeys(prefix);
  const both = (id: string) => [keys.marks(id), keys.broadcast(id)];
  return {
    async define(def, now) {
      const created = await guard(() => redis.hsetnx(keys.broadcast(def.id), 'def', JSON.stringify(def)));
      if (created === 0) return false;
      await guard(() =>
        redis
          .multi()
          .hset(keys.broadcast(def.id), 'status', 'starting', 'startedAt', now.toISOString(), 'targeted', 0)
          .expire(keys.broadcast(def.id), TTL_SECONDS)
          .exec(),
      );
      // The history is in another hash slot than the broadcast (Redis Cluster): a separate command.
      await guard(() => redis.zadd(keys.history, now.getTime(), def.id));
      return true;
    },
    async definition(id) {
      const raw = await guard(() => redis.hget(keys.broadcast(id), 'def'));
      return raw ? (JSON.parse(raw) as BroadcastDef) : undefined;
    },
    async report(id) {
      const h = await guard(() => redis.hgetall(keys.broadcast(id)));
      if (!h.def) return undefined;
      const def = JSON.parse(h.def) as BroadcastDef;
      const targeted = num(h.targeted);
      const [sent, window, failed, gone] = [num(h.sent), num(h.window), num(h.failed), num(h.gone)];
      return {
        id,
        topic: def.topic as Topic,
        status: (h.status ?? 'starting') as BroadcastReport['status'],
        startedAt: h.startedAt ?? '',
        ...(h.finishedAt ? { finishedAt: h.finishedAt } : {}),
        targeted,
        eligible: targeted - window - gone,
        sent,
        skippedWindow: window,
        unsubscribed: gone,
        failed,
        pending: targeted - num(h.settled),
        uncertain: num(h.uncertain),
      };
    },
    recent: (limit) => guard(() => redis.zrevrange(keys.history, 0, Math.max(0, limit - 1))),
    async queue(id, userKeys) {
      if (userKeys.length === 0) return 0;
      const n = await guard(() => runScript(redis, QUEUE, both(id), userKeys));
      await guard(() => redis.expire(keys.marks(id), TTL_SECONDS));
      return Number(n);
    },
    async fannedOut(id, now) {
      await guard(() => runScript(redis, FANNED_OUT, [keys.broadcast(id)], [now.toISOString()]));
    },
    async claim(id, userKey, token, now, leaseMs) {
      return (await guard(() => runScript(redis, CLAIM, both(id), [userKey, token, String(now.getTime()), String(leaseMs)]))) as Claim;
    },
    async settle(id, userKey, token, outcome, now) {
      return (await guard(() => runScript(redis, SETTLE, both(id), [userKey, token, outcome, now.toISOString()]))) === 1;
    },
    async release(id, userKey, token) {
      await guard(() => runScript(redis, RELEASE, [keys.marks(id)], [userKey, token]));
    },
  };
}
