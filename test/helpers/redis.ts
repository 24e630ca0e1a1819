/** Redis helpers for tests that work on one server and on a Redis Cluster alike. */
import { Cluster } from 'ioredis';
import { vi } from 'vitest';
import type { Redis } from '../../src/store/redis/client.js';

/** Every key matching a glob `pattern`, by SCAN on every master of a cluster (or on the one server), sorted:
 * SCAN's order changes when Redis resizes its table, so two scans of the same keys may differ in order. */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const found: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return found.sort();
}

/**
 * Deletes keys one command per key, so that keys in different hash slots may be mixed (a single
 * DEL of several keys must stay in one slot on a cluster). Returns how many existed.
 */
export async function deleteKeys(redis: Redis, keys: readonly string[]): Promise<number> {
  const counts = await Promise.all(keys.map((k) => redis.del(k)));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Makes the next script call (EVALSHA) that `matches` its arguments (sha, key count, keys..., args...)
 * fail once, as a Redis error would; every other call goes through. Resolves to whether it has failed.
 */
export function failScriptOnce(
  redis: Redis,
  matches: (args: unknown[]) => boolean,
  message = "READONLY You can't write against a read only replica.",
): { failed(): boolean } {
  let failed = false;
  const client = redis as { evalsha: (...args: unknown[]) => Promise<unknown> };
  const real = client.evalsha.bind(client);
  const spy = vi.spyOn(client, 'evalsha').mockImplementation((...args: unknown[]) => {
    if (failed || !matches(args)) return real(...args);
    failed = true;
    spy.mockRestore();
    return Promise.reject(new Error(message));
  });
  return { failed: () => failed };
}
