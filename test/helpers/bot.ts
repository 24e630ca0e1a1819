/**
 * Builds a bot against the real Redis at REDIS_URL (or the Redis Cluster of REDIS_CLUSTER_NODES when
 * that is set) under a unique key prefix, and cleans it up.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config.js';
import { loadContent } from '../../src/festival/load.js';
import { createLogger } from '../../src/lib/logger.js';
import type { Logger } from 'pino';
import { createRedisClient, waitForRedis, type Redis } from '../../src/store/redis/client.js';
import type { EffectContext, Flow } from '../../src/core/flow.js';
import { featurePseudonym, isFeature, pseudonymize, sealAddress } from '../../src/lib/crypto.js';
import type { DelayedQueue } from '../../src/events/ports.js';
import { createServer, type Bot } from '../../src/server.js';
import { deleteKeys, scanKeys } from './redis.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_SECRET = 'test-secret-test-secret-test-secret-42';
/** Set when the suite runs against a Redis Cluster (`.ci/run`'s cluster step); empty otherwise. */
export const REDIS_CLUSTER_NODES = process.env.REDIS_CLUSTER_NODES ?? '';

export const content = loadContent(new URL('../../content', import.meta.url).pathname);

/** A unique key prefix per test file, so files never see each other's keys. */
export function uniquePrefix(name: string): string {
  return `t${name.replace(/[^a-z0-9]/gi, '').slice(0, 12)}${randomBytes(4).toString('hex')}`;
}

export interface TestBot extends Bot {
  redis: Redis;
  config: Readonly<Config>;
  /** Every key under this bot's prefix. */
  keysInRedis(): Promise<string[]>;
  /** Every key and value under this bot's prefix as one string, to search for leaked ids. */
  dumpRedis(): Promise<string>;
  /** Deletes every key under this bot's prefix and disconnects. */
  cleanup(): Promise<void>;
}

/** Starts a bot on a fresh prefix; `env` overrides configuration variables. */
export async function startBot(
  name: string,
  env: Record<string, string> = {},
  clock?: () => Date,
  flows?: readonly Flow<unknown>[],
  extra: { reminderQueue?: DelayedQueue; intakeWorker?: boolean; logger?: Logger } = {},
): Promise<TestBot> {
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET: TEST_SECRET,
    REDIS_URL,
    REDIS_CLUSTER_NODES,
    REDIS_KEY_PREFIX: uniquePrefix(name),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const redis = createRedisClient(config);
  redis.on('error', () => undefined);
  await waitForRedis(redis);
  const bot = createServer({
    config,
    redis,
    logger: extra.logger ?? createLogger('silent'),
    content,
    clock,
    flows,
    reminderQueue: extra.reminderQueue,
    intakeWorker: extra.intakeWorker,
  });
  await bot.contentReady;
  const keysInRedis = () => scanKeys(redis, `${config.redisKeyPrefix}:*`);
  const dumpRedis = () => dumpKeys(redis, `${config.redisKeyPrefix}:*`);
  return {
    ...bot,
    redis,
    config,
    keysInRedis,
    dumpRedis,
    async cleanup() {
      await bot.close();
      await deleteKeys(redis, await keysInRedis());
      await redis.quit();
    },
  };
}

/** Every key matching `pattern` with its value, whatever its type. On a cluster it scans every master. */
export async function keyValues(redis: Redis, pattern: string): Promise<[string, unknown][]> {
  const out: [string, unknown][] = [];
  for (const k of await scanKeys(redis, pattern)) {
    const type = await redis.type(k);
    const value =
      type === 'string'
        ? await redis.get(k)
        : type === 'hash'
          ? await redis.hgetall(k)
          : type === 'list'
            ? await redis.lrange(k, 0, -1)
            : type === 'set'
              ? await redis.smembers(k)
              : type === 'zset'
                ? await redis.zrange(k, 0, -1, 'WITHSCORES')
                : type === 'stream'
                  ? await redis.xrange(k, '-', '+')
                  : `(${type})`;
    out.push([k, value]);
  }
  return out;
}

/** Every key matching `pattern` with its value as one string (to search for leaked ids). */
export async function dumpKeys(redis: Redis, pattern: string): Promise<string> {
  return (await keyValues(redis, pattern)).map(([k, value]) => `${k} => ${JSON.stringify(value)}`).join('\n');
}

/** What the engine hands an effect handler in a turn of `userId` on `channel`, built with the bot's keys. */
export function effectContext(bot: Pick<Bot, 'secrets'>, channel: string, userId: string, now: Date): EffectContext {
  const userKey = pseudonymize(bot.secrets.pseudonym, channel, userId);
  return {
    userKey,
    pseudonymFor: (feature) => {
      if (!isFeature(feature)) throw new Error(`no pseudonyms for feature ${feature}`);
      return featurePseudonym(bot.secrets, feature, userKey);
    },
    channel,
    lang: 'vi',
    now,
    sealedAddress: sealAddress(bot.secrets.encryption, channel, userId),
  };
}
