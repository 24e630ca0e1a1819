/** The StatsStore port (stats/ports.ts): day counters, unique sets, durations, event counters and the backfill's raise, memory and Redis alike. */
import { expect, it } from 'vitest';
import type { StatsStore } from '../../src/stats/ports.js';
import { createMemoryStatsStore } from '../../src/store/memory/stats.js';
import { createRedisStatsStore } from '../../src/store/redis/stats.js';
import { createStatsKeys } from '../../src/store/redis/keys.js';
import { contract } from '../helpers/contract.js';

const names = { unique: ['users:zalo', 'users:web'], durations: ['claim', 'close'] };

contract<StatsStore>(
  'stats store',
  [
    { name: 'memory', build: () => createMemoryStatsStore() },
    { name: 'redis', build: ({ redis, prefix }) => createRedisStatsStore(redis, prefix, { retentionDays: 800 }) },
  ],
  (store) => {
    it('adds a day’s counters, unique members and durations; other days stay empty', async () => {
      await store().record('2027-07-06', {
        counts: { 'r.in|dinh-tram|theft': 1, 'faq.asked': 2 },
        unique: { 'users:zalo': ['a', 'b'] },
        durations: { claim: ['dinh-tram|600'] },
      });
      await store().record('2027-07-06', {
        counts: { 'r.in|dinh-tram|theft': 1, 'faq.asked': -1 },
        unique: { 'users:zalo': ['b', 'c'] },
        durations: { claim: ['quang-chau|1200'] },
      });
      const [d6, d7] = await store().days(['2027-07-06', '2027-07-07'], names);
      expect(d6).toEqual({
        day: '2027-07-06',
        counts: { 'r.in|dinh-tram|theft': 2, 'faq.asked': 1 },
        unique: { 'users:zalo': 3, 'users:web': 0 },
        durations: { claim: ['dinh-tram|600', 'quang-chau|1200'], close: [] },
      });
      expect(d7).toEqual({ day: '2027-07-07', counts: {}, unique: { 'users:zalo': 0, 'users:web': 0 }, durations: { claim: [], close: [] } });
    });

    it('keeps each event’s counters and facts', async () => {
      await store().recordEvent('dt-le-khai-mac', { confirmed: 1, confirmedPeople: 2 }, { kcn: 'dinh-tram', startsAt: '2027-07-24T01:00:00.000Z' });
      await store().recordEvent('dt-le-khai-mac', { confirmed: -1, confirmedPeople: -2, cancelled: 1 });
      await store().recordEvent('qc-bong-da', { checkedIn: 1 });
      const events = (await store().events()).sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(events).toEqual([
        { id: 'dt-le-khai-mac', counts: { confirmed: 0, confirmedPeople: 0, cancelled: 1 }, facts: { kcn: 'dinh-tram', startsAt: '2027-07-24T01:00:00.000Z' } },
        { id: 'qc-bong-da', counts: { checkedIn: 1 }, facts: {} },
      ]);
    });

    it('backfill raises counters and fills duration lists, never lowering what was counted', async () => {
      await store().raise('2027-07-06', { 'r.in|dinh-tram|theft': 1, 'r.in|dinh-tram|fight': 3 }, { claim: ['x|1'], close: ['dinh-tram|60'] });
      await store().raiseEvent('qc-bong-da', { checkedIn: 0, confirmed: 2 }, { kcn: 'quang-chau', startsAt: '2027-07-26T09:00:00.000Z' });
      const [d6] = await store().days(['2027-07-06'], names);
      expect(d6!.counts).toEqual({ 'r.in|dinh-tram|theft': 2, 'r.in|dinh-tram|fight': 3, 'faq.asked': 1 });
      // Two entries counted as things happened stay; an empty list is filled.
      expect(d6!.durations).toEqual({ claim: ['dinh-tram|600', 'quang-chau|1200'], close: ['dinh-tram|60'] });
      const qc = (await store().events()).find((e) => e.id === 'qc-bong-da');
      expect(qc).toEqual({ id: 'qc-bong-da', counts: { checkedIn: 1, confirmed: 2 }, facts: { kcn: 'quang-chau', startsAt: '2027-07-26T09:00:00.000Z' } });
    });
  },
);

contract<StatsStore>(
  'stats store keys',
  [{ name: 'redis', build: ({ redis, prefix }) => createRedisStatsStore(redis, prefix, { retentionDays: 800 }) }],
  (store, env) => {
    it('every key it writes expires after the retention time, two years and more', async () => {
      await store().record('2027-07-06', { counts: { 'faq.asked': 1 }, unique: { 'users:zalo': ['a'] }, durations: { claim: ['dinh-tram|600'] } });
      await store().recordEvent('qc-bong-da', { checkedIn: 1 });
      await store().raise('2027-07-07', { 'faq.asked': 1 }, { close: ['dinh-tram|60'] });
      const k = createStatsKeys(env().prefix);
      const keys = [
        k.counters('2027-07-06'),
        k.unique('2027-07-06', 'users:zalo'),
        k.durations('2027-07-06', 'claim'),
        k.counters('2027-07-07'),
        k.durations('2027-07-07', 'close'),
        k.event('qc-bong-da'),
        k.events,
      ];
      for (const key of keys) expect(await env().redis.ttl(key)).toBeGreaterThan(799 * 86400);
    });
  },
);
