/** The RateCounters port (lib/rate-limit.ts): counts per owner and name, expiring after the first hit's TTL. */
import { expect, it } from 'vitest';
import type { RateCounters } from '../../src/lib/rate-limit.js';
import { createMemoryRateCounters } from '../../src/store/memory/rate-counters.js';
import { createRedisRateCounters } from '../../src/store/redis/rate-counters.js';
import { contract } from '../helpers/contract.js';

contract<RateCounters>(
  'rate counters',
  [
    { name: 'memory', build: () => createMemoryRateCounters() },
    { name: 'redis', build: ({ redis, prefix }) => createRedisRateCounters(redis, prefix) },
  ],
  (counters) => {
    it('counts hits per owner and name; users and client addresses never share a counter', async () => {
      expect(await counters().hit({ user: 'u1', name: 'rate:1' }, 60)).toBe(1);
      expect(await counters().hit({ user: 'u1', name: 'rate:1' }, 60)).toBe(2);
      expect(await counters().hit({ user: 'u1', name: 'rate:2' }, 60)).toBe(1);
      expect(await counters().hit({ user: 'u2', name: 'rate:1' }, 60)).toBe(1);
      expect(await counters().hit({ ip: 'u1', name: 'rate:1' }, 60)).toBe(1);
    });

    it('starts again once the counter has expired', async () => {
      expect(await counters().hit({ user: 'short', name: 'link-tries' }, 1)).toBe(1);
      expect(await counters().hit({ user: 'short', name: 'link-tries' }, 1)).toBe(2);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await counters().hit({ user: 'short', name: 'link-tries' }, 1)).toBe(1);
    });
  },
);
