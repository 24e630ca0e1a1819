/**
 * Contract suites: one set of assertions per port, run against each implementation (the in-memory one
 * and the Redis one, on a fresh key prefix of the real Redis or Redis Cluster, deleted afterwards).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deriveKeys, type DerivedKeys } from '../../src/lib/crypto.js';
import { createRedisClient, waitForRedis, type Redis } from '../../src/store/redis/client.js';
import { REDIS_CLUSTER_NODES, REDIS_URL, TEST_SECRET, uniquePrefix } from './bot.js';
import { deleteKeys, scanKeys } from './redis.js';

/** What an implementation is built from: a Redis client and prefix (for the Redis ones), and the bot's keys. */
export interface Env {
  redis: Redis;
  prefix: string;
  secrets: DerivedKeys;
}

/** One implementation of a port under test: its name and how to build it (a fresh one per suite). */
export interface Subject<T> {
  name: string;
  build(env: Env): T;
}

export const secrets = deriveKeys(TEST_SECRET);

/**
 * Runs `suite` once per subject, each in its own `describe`; `get()` gives the implementation. The
 * Redis client is shared and its keys under the suite's prefix are deleted at the end.
 */
export function contract<T>(port: string, subjects: Subject<T>[], suite: (get: () => T, env: () => Env) => void): void {
  for (const subject of subjects) {
    describe(`${port} (${subject.name})`, () => {
      let env: Env | undefined;
      let impl: T | undefined;
      beforeAll(async () => {
        const redis = createRedisClient(loadConfig({ NODE_ENV: 'test', APP_SECRET: TEST_SECRET, REDIS_URL, REDIS_CLUSTER_NODES }));
        redis.on('error', () => undefined);
        await waitForRedis(redis);
        env = { redis, prefix: uniquePrefix(`c${port}`), secrets };
        impl = subject.build(env);
      });
      afterAll(async () => {
        if (!env) return;
        await deleteKeys(env.redis, await scanKeys(env.redis, `${env.prefix}:*`));
        await env.redis.quit();
      });
      suite(
        () => impl!,
        () => env!,
      );
    });
  }
}
