/**
 * Webhook events kept for later: a user who writes faster than the per-user limit
 * (`RATE_USER_PER_MINUTE`) does not lose what they typed. The event over the limit leaves the intake
 * stream for the user's held list, in one script, and the held list goes back into the stream, in
 * order, when the user's minute ends. While a user has held events, their newer events queue behind
 * them, so a button tap after a limited message is answered after it, never before and never lost.
 * Keys share the intake's tag `{intake}` (the scripts touch a held list, the due set and the stream).
 */
import { createHmac } from 'node:crypto';
import type { InboundMessage } from '../core/message.js';
import { guard, type Redis } from '../store/redis/client.js';
import { runScript } from '../store/redis/script.js';

/**
 * KEYS[1] intake stream, KEYS[2] the user's held list, KEYS[3] due set. ARGV[1] entry id, ARGV[2] group,
 * ARGV[3] sealed event, ARGV[4] due-set member (the user's hash), ARGV[5] due epoch ms, ARGV[6] held list
 * TTL s. Moves one entry from the stream to the end of the held list; an earlier due time is kept.
 */
const HOLD = `redis.call('XACK', KEYS[1], ARGV[2], ARGV[1])
redis.call('XDEL', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('ZADD', KEYS[3], 'NX', ARGV[5], ARGV[4])
return 1`;

/**
 * KEYS[1] intake stream, KEYS[2] a held list, KEYS[3] due set. ARGV[1] the held list's member in the due
 * set. Puts every held event back into the stream, in order, and forgets the list. Returns how many.
 */
const RELEASE = `local items = redis.call('LRANGE', KEYS[2], 0, -1)
for _, e in ipairs(items) do redis.call('XADD', KEYS[1], '*', 'e', e) end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return #items`;

/** A held list outlives any rate window by far; it only expires if no worker ever runs again. */
const HELD_TTL_SECONDS = 24 * 3600;

export interface IntakeHold {
  /** How many events of this user are held now. */
  waiting(msg: InboundMessage): Promise<number>;
  /** Moves the stream entry `id` (its sealed event `sealed`) to the end of the user's held list, due at `dueMs`. */
  keep(id: string, sealed: string, msg: InboundMessage, dueMs: number): Promise<void>;
  /** Puts the held events of every user whose time has come back into the stream; returns how many. */
  releaseDue(nowMs: number): Promise<number>;
}

/** Builds the held lists of one intake (`base`: its key prefix with the `{intake}` tag). */
export function createIntakeHold(deps: { redis: Redis; base: string; stream: string; group: string; pseudonym: Buffer }): IntakeHold {
  const due = `${deps.base}:due`;
  /** The user's member in the due set: an HMAC, since a Zalo id or a PSID must not appear in a key. */
  const member = (msg: InboundMessage) => createHmac('sha256', deps.pseudonym).update(`held:${msg.channel}:${msg.userId}`).digest('base64url').slice(0, 32);
  const list = (m: string) => `${deps.base}:held:${m}`;
  return {
    async waiting(msg) {
      return guard(() => deps.redis.llen(list(member(msg))));
    },
    async keep(id, sealed, msg, dueMs) {
      const m = member(msg);
      await guard(() => runScript(deps.redis, HOLD, [deps.stream, list(m), due], [id, deps.group, sealed, m, dueMs, HELD_TTL_SECONDS]));
    },
    async releaseDue(nowMs) {
      const members = await deps.redis.zrangebyscore(due, '-inf', nowMs, 'LIMIT', 0, 100);
      let moved = 0;
      for (const m of members) moved += Number(await runScript(deps.redis, RELEASE, [deps.stream, list(m), due], [m]));
      return moved;
    },
  };
}
