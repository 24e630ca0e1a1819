/**
 * Small atomic operations the bot runs on hot paths, each one Lua script (one command, one reply)
 * instead of a MULTI transaction of three to five commands (scripts/count-hit-1.lua, push-list-1.lua,
 * drop-head-1.lua).
 */
import type { Redis } from './client.js';
import { lua, runScript } from './script.js';

/** See scripts/count-hit-1.lua. */
const COUNT = lua('count-hit');

/** See scripts/push-list-1.lua. */
const PUSH = lua('push-list');

/** See scripts/drop-head-1.lua. */
const DROP_HEAD = lua('drop-head');

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
