/**
 * The ioredis client: one Redis server, or a Redis Cluster when `REDIS_CLUSTER_NODES` is set. Both
 * fail fast while Redis is unreachable (so readiness and webhooks answer 503) and reconnect by
 * themselves. Every multi-key command and script keeps its keys in one hash slot (`{tag}`s in the key
 * builders), so the same code runs on both.
 */
import { Cluster, Redis as SingleRedis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';

/** The client type used across the code: a single server or a cluster, same commands. */
export type Redis = SingleRedis | Cluster;

/** Where Redis is: the URL, and the cluster's seed nodes when there is a cluster. */
export type RedisTarget = Pick<Config, 'redisUrl' | 'redisClusterNodes'>;

/** Per-connection options of the bot's main client: commands issued while disconnected fail at once. */
const FAIL_FAST: RedisOptions = {
  enableOfflineQueue: false,
  // Commands issued in the same tick share one socket write (the bot issues many small ones per turn).
  enableAutoPipelining: true,
  maxRetriesPerRequest: 1,
  connectTimeout: 5_000,
  retryStrategy: (times) => Math.min(200 * times, 2_000),
};

/** Connects to REDIS_URL (one server). Commands issued while disconnected fail at once instead of queueing. */
export function createRedis(url: string): Redis {
  return new SingleRedis(url, FAIL_FAST);
}

/**
 * Connects to the cluster's seed nodes when `redisClusterNodes` is set, else to `redisUrl`, with the
 * same fail-fast behaviour. On a cluster, the user name, password and TLS (`rediss://`) come from
 * `redisUrl`; its host, port and database are ignored.
 */
export function createRedisClient(target: RedisTarget): Redis {
  if (!target.redisClusterNodes?.length) return createRedis(target.redisUrl);
  const { enableOfflineQueue, retryStrategy, enableAutoPipelining, ...perNode } = FAIL_FAST;
  const options: ClusterOptions = {
    enableOfflineQueue,
    enableAutoPipelining,
    clusterRetryStrategy: (times) => retryStrategy?.(times) ?? null,
    redisOptions: { ...perNode, ...credentials(target.redisUrl) },
  };
  return new Cluster(target.redisClusterNodes, options);
}

/** User name, password and TLS of a redis:// or rediss:// URL, for the cluster's node connections. */
function credentials(url: string): RedisOptions {
  const u = new URL(url);
  return {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * A new connection to the same server or cluster that queues commands while disconnected and retries
 * them without limit: for blocking readers (XREADGROUP BLOCK) and BullMQ, which requires
 * `maxRetriesPerRequest: null`. The caller closes it.
 */
export function duplicateForBlocking(redis: Redis): Redis {
  if (redis instanceof Cluster) {
    return redis.duplicate([], {
      enableOfflineQueue: true,
      enableAutoPipelining: false,
      redisOptions: { ...redis.options.redisOptions, maxRetriesPerRequest: null },
    });
  }
  return redis.duplicate({ enableOfflineQueue: true, enableAutoPipelining: false, maxRetriesPerRequest: null });
}

/** Resolves once the client is ready, or rejects after `timeoutMs`. */
export function waitForRedis(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new AppError('STORE_UNAVAILABLE', `Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** True when Redis answers PING within `timeoutMs`. */
export async function redisReady(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const pong = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timeout')), timeoutMs);
      }),
    ]);
    return pong === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a Redis operation, turning connection failures into STORE_UNAVAILABLE. */
export async function guard<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw new AppError('STORE_UNAVAILABLE', 'Redis operation failed', { cause: err });
  }
}
