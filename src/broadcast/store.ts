/**
 * The broadcast's Redis state: its definition and counters (one hash) and one delivery mark per
 * subscriber (another hash, same hash tag). Marks make deliveries idempotent: a subscriber is
 * counted once when queued, claimed with a lease before the send, and settled once after it.
 */
import type { Topic } from '../festival/faq-broadcasts.js';
import type { NewsKeys } from '../news/keys.js';
import { guard, type Redis } from '../store/redis/client.js';
import type { BroadcastDef, BroadcastReport, Outcome } from './types.js';

/**
 * KEYS[1] marks, KEYS[2] report; ARGV user keys.
 * Marks each user `queued` unless already marked; adds the number newly marked to `targeted`.
 * Returns that number.
 */
const QUEUE = `local n = 0
for i = 1, #ARGV do
  n = n + redis.call('HSETNX', KEYS[1], ARGV[i], 'queued')
end
if n > 0 then redis.call('HINCRBY', KEYS[2], 'targeted', n) end
return n`;

/**
 * KEYS[1] marks, KEYS[2] report; ARGV[1] user key, ARGV[2] token, ARGV[3] now ms, ARGV[4] lease ms.
 * Returns 'done' (already settled), 'busy' (another live claim), 'claimed', or 'reclaimed' (a claim
 * whose holder died during the send: the send may have gone out; counted in `uncertain`).
 */
const CLAIM = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return 'done' end
if string.sub(v, 1, 5) == 'done:' then return 'done' end
local result = 'claimed'
if string.sub(v, 1, 8) == 'sending:' then
  local token, expires = string.match(v, '^sending:([^:]+):(%d+)$')
  if token ~= ARGV[2] and tonumber(expires) > tonumber(ARGV[3]) then return 'busy' end
  if token ~= ARGV[2] then
    result = 'reclaimed'
    redis.call('HINCRBY', KEYS[2], 'uncertain', 1)
  end
end
redis.call('HSET', KEYS[1], ARGV[1], 'sending:' .. ARGV[2] .. ':' .. (tonumber(ARGV[3]) + tonumber(ARGV[4])))
return result`;

/**
 * KEYS[1] marks, KEYS[2] report; ARGV[1] user key, ARGV[2] token, ARGV[3] outcome, ARGV[4] now ISO.
 * Settles a delivery claimed with this token: marks it done, counts the outcome, and marks the
 * broadcast done when nothing is left. Returns 1 when settled, 0 when it was not this token's.
 */
const SETTLE = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v or string.sub(v, 1, 9 + #ARGV[2]) ~= ('sending:' .. ARGV[2] .. ':') then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], 'done:' .. ARGV[3])
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
local settled = redis.call('HINCRBY', KEYS[2], 'settled', 1)
local targeted = tonumber(redis.call('HGET', KEYS[2], 'targeted') or '0')
if redis.call('HGET', KEYS[2], 'fannedOut') == '1' and settled >= targeted then
  redis.call('HSET', KEYS[2], 'status', 'done', 'finishedAt', ARGV[4])
end
return 1`;

/**
 * KEYS[1] marks; ARGV[1] user key, ARGV[2] token.
 * Gives a claim back (the send did not happen and will be retried). Returns 1 when released.
 */
const RELEASE = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and string.sub(v, 1, 9 + #ARGV[2]) == ('sending:' .. ARGV[2] .. ':') then
  redis.call('HSET', KEYS[1], ARGV[1], 'queued')
  return 1
end
return 0`;

/**
 * KEYS[1] report; ARGV[1] now ISO. Records that every subscriber was queued; marks the broadcast
 * done when all were already settled (or there were none).
 */
const FANNED_OUT = `redis.call('HSET', KEYS[1], 'fannedOut', '1')
local settled = tonumber(redis.call('HGET', KEYS[1], 'settled') or '0')
local targeted = tonumber(redis.call('HGET', KEYS[1], 'targeted') or '0')
if settled >= targeted then
  redis.call('HSET', KEYS[1], 'status', 'done', 'finishedAt', ARGV[1])
else
  redis.call('HSET', KEYS[1], 'status', 'sending')
end
return 1`;

export type Claim = 'done' | 'busy' | 'claimed' | 'reclaimed';

export interface BroadcastStore {
  /** Stores the definition once; false when a broadcast with this id exists already. */
  define(def: BroadcastDef, now: Date): Promise<boolean>;
  definition(id: string): Promise<BroadcastDef | undefined>;
  report(id: string): Promise<BroadcastReport | undefined>;
  /** Ids of the broadcasts started most recently, newest first. */
  recent(limit: number): Promise<string[]>;
  queue(id: string, userKeys: readonly string[]): Promise<number>;
  fannedOut(id: string, now: Date): Promise<void>;
  claim(id: string, userKey: string, token: string, now: Date, leaseMs: number): Promise<Claim>;
  settle(id: string, userKey: string, token: string, outcome: Outcome, now: Date): Promise<boolean>;
  release(id: string, userKey: string, token: string): Promise<void>;
}

const TTL_SECONDS = 90 * 24 * 3600;
const num = (v: string | undefined) => Number(v ?? 0);

/** Builds the store. Redis failures surface as STORE_UNAVAILABLE. */
export function createBroadcastStore(redis: Redis, keys: NewsKeys): BroadcastStore {
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
      const n = await guard(() => redis.eval(QUEUE, 2, ...both(id), ...userKeys));
      await guard(() => redis.expire(keys.marks(id), TTL_SECONDS));
      return Number(n);
    },
    async fannedOut(id, now) {
      await guard(() => redis.eval(FANNED_OUT, 1, keys.broadcast(id), now.toISOString()));
    },
    async claim(id, userKey, token, now, leaseMs) {
      return (await guard(() => redis.eval(CLAIM, 2, ...both(id), userKey, token, String(now.getTime()), String(leaseMs)))) as Claim;
    },
    async settle(id, userKey, token, outcome, now) {
      return (await guard(() => redis.eval(SETTLE, 2, ...both(id), userKey, token, outcome, now.toISOString()))) === 1;
    },
    async release(id, userKey, token) {
      await guard(() => redis.eval(RELEASE, 1, keys.marks(id), userKey, token));
    },
  };
}
