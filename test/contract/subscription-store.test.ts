/** The SubscriptionStore port (subscriptions/ports.ts), also the broadcasts' audience: memory and Redis alike. */
import { expect, it } from 'vitest';
import { createMemorySubscriptionStore } from '../../src/store/memory/subscriptions.js';
import { createRedisSubscriptionStore } from '../../src/store/redis/subscriptions.js';
import type { SubscriptionStore } from '../../src/subscriptions/ports.js';
import { contract } from '../helpers/contract.js';

const NOW = new Date('2026-08-01T00:00:00Z');

contract<SubscriptionStore>(
  'subscription store',
  [
    { name: 'memory', build: () => createMemorySubscriptionStore() },
    { name: 'redis', build: ({ redis, prefix }) => createRedisSubscriptionStore(redis, prefix) },
  ],
  (store) => {
    it('adds topics to the ones held, in the topics’ order, and keeps the first date', async () => {
      expect(await store().add('u1', { channel: 'zalo', address: 'sealed-1' }, ['slogan'], NOW)).toEqual(['slogan']);
      expect(await store().add('u1', { channel: 'zalo', address: 'sealed-1b' }, ['festival'], new Date('2026-08-02T00:00:00Z'))).toEqual([
        'festival',
        'slogan',
      ]);
      expect(await store().get('u1')).toEqual({ v: 1, channel: 'zalo', address: 'sealed-1b', topics: ['festival', 'slogan'], since: NOW.toISOString() });
      await store().add('u2', { channel: 'messenger', address: 'sealed-2' }, ['festival'], NOW);
      expect(await store().count('festival')).toBe(2);
      expect(await store().count('safety')).toBe(0);
    });

    it('walks a topic’s audience and reads recipients, leaving out the unknown', async () => {
      const seen: string[] = [];
      for await (const batch of store().scan('festival', 1)) seen.push(...batch.map((r) => r.userKey));
      expect(seen.sort()).toEqual(['u1', 'u2']);
      expect(await store().recipients(['u2', 'nobody'])).toEqual([{ userKey: 'u2', channel: 'messenger', address: 'sealed-2' }]);
      expect(await store().recipients([])).toEqual([]);
    });

    it('keeps the park a subscriber gives, through later topics, for the broadcasts’ audience', async () => {
      expect(await store().setPark('nobody', 'dinh-tram')).toBe(false);
      expect(await store().setPark('u2', 'dinh-tram')).toBe(true);
      await store().add('u2', { channel: 'messenger', address: 'sealed-2' }, ['safety'], NOW);
      expect(await store().get('u2')).toMatchObject({ topics: ['festival', 'safety'], kcn: 'dinh-tram' });
      expect(await store().recipients(['u2', 'u1'])).toEqual([
        { userKey: 'u2', channel: 'messenger', address: 'sealed-2', kcn: 'dinh-tram' },
        { userKey: 'u1', channel: 'zalo', address: 'sealed-1b' },
      ]);
      expect(await store().setPark('u2', undefined)).toBe(true);
      expect(await store().get('u2')).not.toHaveProperty('kcn');
    });

    it('removes every subscription of a user, once', async () => {
      expect(await store().remove('u1')).toBe(true);
      expect(await store().remove('u1')).toBe(false);
      expect(await store().get('u1')).toBeUndefined();
      expect(await store().count('slogan')).toBe(0);
    });
  },
);
