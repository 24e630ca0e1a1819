/** The ioredis client: fails fast while Redis is unreachable (so readiness and webhooks answer 503) and reconnects by itself. */
import { Redis } from 'ioredis';
import { AppError } from '../../core/errors.js';

export type { Redis };

/** Connects to REDIS_URL. Commands issued while disconnected fail at once instead of queueing. */
export function createRedis(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(200 * times, 2_000),
  });
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
