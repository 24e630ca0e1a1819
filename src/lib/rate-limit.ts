/**
 * Fixed-window rate limits over shared counters: one counter per owner, name and window, so every bot
 * instance shares the count. The counters are a port (`RateCounters`: the Redis store's `rate-counters.ts`,
 * the memory store's `rate-counters.ts`); a counter belongs to a user (their pseudonym) or to a client address
 * (a pseudonym of the address), never to a raw id.
 */

/** A counter: its owner (a user's pseudonym, or a client address's pseudonym) and its name. */
export type RateCounter = { user: string; name: string } | { ip: string; name: string };

/** Where counters are kept. */
export interface RateCounters {
  /**
   * Counts one hit on `counter`, which expires `ttlSeconds` after its first hit; returns the count. A
   * storage failure propagates as STORE_UNAVAILABLE.
   */
  hit(counter: RateCounter, ttlSeconds: number): Promise<number>;
}

/** How a limiter counts: where, how many hits, per how long. */
export interface RateLimitOptions {
  counters: RateCounters;
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
  /** Counts one hit on `counter` in the current window. A storage error propagates (the caller's error handling applies). */
  hit(counter: RateCounter): Promise<RateDecision>;
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
    async hit(counter) {
      const t = now();
      const window = Math.floor(t / windowMs);
      const n = await opts.counters.hit({ ...counter, name: `${counter.name}:${window}` }, opts.windowSeconds + 1);
      return { allowed: n <= opts.limit, firstRefused: n === opts.limit + 1, retryAfterSeconds: secondsLeft(opts.windowSeconds, t) };
    },
  };
}
