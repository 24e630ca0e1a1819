/**
 * Small atomic operations the bot runs on hot paths, each one Lua script (one command, one reply)
 * instead of a MULTI transaction of three to five commands.
 */
import type { Redis } from './client.js';
import { runScript } from './script.js';

/** KEYS[1] counter; ARGV[1] TTL s. INCR, and the TTL only when the counter has none (EXPIRE NX, any Redis version). */
const COUNT = `local n = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) == -1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** KEYS[1] list; ARGV[1] TTL s, ARGV[2..] items. Appends the items and (re)sets the TTL; returns the new length. */
const PUSH = `local n = redis.call('RPUSH', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return n`;

/**
 * KEYS[1] list; ARGV the items expected at its head. Drops them only while the list still starts with
 * exactly these items (a turn that lost its lock may have dropped them already: the items pushed since
 * must stay). Returns how many were dropped: #ARGV or 0.
 */
const DROP_HEAD = `local n = #ARGV
local head = redis.call('LRANGE', KEYS[1], 0, n - 1)
if #head < n then return 0 end
for i = 1, n do
  if head[i] ~= ARGV[i] then return 0 end
end
redis.call('LTRIM', KEYS[1], n, -1)
return n`;

/** Counts one more hit on `key`, which expires `ttlSeconds` after its first hit; returns the count. */
export async function countHit(redis: Redis, key: string, ttlSeconds: number): Promise<number> {
  return Number(await runScript(redis, COUNT, [key], [ttlSeconds]));
}

/** Appends `items` to the list at `key` and gives the list `ttlSeconds` to live, atomically. No-op for no items. */
export async function pushList(redis: Redis, key: string, items: readonly string[], ttlSeconds: number): Promise<void> {
  if (items.length === 0) return;
  await runScript(redis, PUSH, [key], [ttlSeconds, ...items]);
}

/** A list read without removing anything. */
export interface PeekedList {
  items: string[];
  /** Removes exactly `items` from the list's head, leaving items pushed since; none when they are gone already. */
  drop(): Promise<void>;
}

/**
 * Reads every item of the list at `key` and leaves them there: the caller drops them once it has
 * committed what it did with them, so a failure in between loses nothing.
 */
export async function peekList(redis: Redis, key: string): Promise<PeekedList> {
  const items = await redis.lrange(key, 0, -1);
  return {
    items,
    async drop() {
      if (items.length > 0) await runScript(redis, DROP_HEAD, [key], items);
    },
  };
}
