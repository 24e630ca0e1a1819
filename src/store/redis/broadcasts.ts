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
const BEGIN = lua('broadcast-begin');
const CANCEL = lua('broadcast-cancel');
const CANCELLED = { 1: 'cancelled', 0: 'not_found', [-1]: 'already_started', [-2]: 'already_cancelled' } as const;

const TTL_SECONDS = 90 * 24 * 3600;
const num = (v: string | undefined) => Number(v ?? 0);

/** Builds the store. Redis failures surface as STORE_UNAVAILABLE. */
export function createRedisBroadcastStore(redis: Redis, prefix: string): BroadcastStore {
  const keys = createBroadcastKeys(prefix);
  const both = (id: string) => [keys.marks(id), keys.broadcast(id)];
  /** Stores a new definition with its first fields, kept TTL_SECONDS after it starts; false when the id exists. */
  async function create(def: BroadcastDef, now: Date, fields: (string | number)[], startsInSeconds: number): Promise<boolean> {
    const created = await guard(() => redis.hsetnx(keys.broadcast(def.id), 'def', JSON.stringify(def)));
    if (created === 0) return false;
    await guard(() =>
      redis
        .multi()
        .hset(keys.broadcast(def.id), ...fields, 'targeted', 0)
        .expire(keys.broadcast(def.id), TTL_SECONDS + startsInSeconds)
        .exec(),
    );
    // The history is in another hash slot than the broadcast (Redis Cluster): a separate command.
    await guard(() => redis.zadd(keys.history, now.getTime(), def.id));
    return true;
  }
  return {
    define: (def, now) => create(def, now, ['status', 'starting', 'startedAt', now.toISOString()], 0),
    schedule: (def, now) =>
      create(def, now, ['status', 'scheduled', 'scheduledFor', def.at], Math.max(0, Math.ceil((Date.parse(def.at) - now.getTime()) / 1000))),
    begin: async (id, now) => Number(await guard(() => runScript(redis, BEGIN, [keys.broadcast(id)], [now.toISOString()]))) === 1,
    cancel: async (id, now) =>
      CANCELLED[Number(await guard(() => runScript(redis, CANCEL, [keys.broadcast(id)], [now.toISOString()]))) as keyof typeof CANCELLED],
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
        ...(h.scheduledFor ? { scheduledFor: h.scheduledFor } : {}),
        ...(h.cancelledAt ? { cancelledAt: h.cancelledAt } : {}),
        source: def.source,
        ...(def.by ? { by: def.by } : {}),
        ...(def.parks ? { parks: def.parks } : {}),
        ...(def.text ? { text: def.text } : {}),
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
