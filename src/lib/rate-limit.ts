/**
 * Fixed-window rate limits in Redis: one counter per key and window (one script: INCR, and EXPIRE on
 * the first hit), so every bot instance shares the count. The caller chooses the key, including its hash tag
 * (`{u:<pseudonym>}` for a user), so a counter never leaves its owner's Cluster slot.
 */
import { countHit } from '../store/redis/atomic.js';
import type { Redis } from '../store/redis/client.js';

/** How a limiter counts: where, how many hits, per how long. */
export interface RateLimitOptions {
  /** A single server or a cluster. */
  redis: Redis;
  /** Hits allowed per window. */
  limit: number;
  windowSeconds: number;
  /** Current time (tests); defaults to the system clock. */
  now?: () => number;
}

/** The outcome of one hit. */
export interface RateDecision {
  allowed: boolean;
  /** True for the first hit over the limit in this window: the one moment to tell the user. */
  firstRefused: boolean;
  /** Seconds until the window ends. */
  retryAfterSeconds: number;
}

/** A shared counter per key; see `createRateLimiter`. */
export interface RateLimiter {
  /** Counts one hit on `key`. A Redis error propagates (the caller's error handling applies). */
  hit(key: string): Promise<RateDecision>;
}

/** Seconds until the fixed window of `windowSeconds` that holds `nowMs` ends (at least 1). */
export function secondsLeft(windowSeconds: number, nowMs: number = Date.now()): number {
  const windowMs = windowSeconds * 1000;
  return Math.max(1, Math.ceil(((Math.floor(nowMs / windowMs) + 1) * windowMs - nowMs) / 1000));
}

/** Builds a limiter allowing `limit` hits per `windowSeconds` for each key. */
export function createRateLimiter(opts: RateLimitOptions): RateLimiter {
  const now = opts.now ?? (() => Date.now());
  const windowMs = opts.windowSeconds * 1000;
  return {
    async hit(key) {
      const t = now();
      const window = Math.floor(t / windowMs);
      const counter = `${key}:${window}`;
      const n = await countHit(opts.redis, counter, opts.windowSeconds + 1);
      return { allowed: n <= opts.limit, firstRefused: n === opts.limit + 1, retryAfterSeconds: secondsLeft(opts.windowSeconds, t) };
    },
  };
}
