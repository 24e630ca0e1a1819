/** Rate counters (lib/rate-limit.ts) in memory: each counter expires `ttlSeconds` after its first hit. */
import type { RateCounter, RateCounters } from '../../lib/rate-limit.js';

export function createMemoryRateCounters(now: () => number = Date.now): RateCounters {
  const counters = new Map<string, { n: number; expires: number }>();
  const id = (c: RateCounter) => `${'user' in c ? `u:${c.user}` : `ip:${c.ip}`}:${c.name}`;
  return {
    async hit(counter, ttlSeconds) {
      const key = id(counter);
      const found = counters.get(key);
      const live = found && found.expires > now() ? found : { n: 0, expires: now() + ttlSeconds * 1000 };
      live.n += 1;
      counters.set(key, live);
      return live.n;
    },
  };
}
