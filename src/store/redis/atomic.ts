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

/** KEYS[1] list. Every item, and the list deleted. */
const TAKE = `local items = redis.call('LRANGE', KEYS[1], 0, -1)
if #items > 0 then redis.call('DEL', KEYS[1]) end
return items`;

/** Counts one more hit on `key`, which expires `ttlSeconds` after its first hit; returns the count. */
export async function countHit(redis: Redis, key: string, ttlSeconds: number): Promise<number> {
  return Number(await runScript(redis, COUNT, [key], [ttlSeconds]));
}

/** Takes every item of the list at `key` and deletes it, atomically (nothing pushed meanwhile is lost). */
export async function takeList(redis: Redis, key: string): Promise<string[]> {
  return (await runScript(redis, TAKE, [key], [])) as string[];
}
