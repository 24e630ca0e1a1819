/** The UnansweredStore port (faq/ports.ts): counts, last days, retention and the maximum, memory and Redis alike. */
import { expect, it } from 'vitest';
import type { UnansweredStore } from '../../src/faq/ports.js';
import { createMemoryUnansweredStore } from '../../src/store/memory/unanswered.js';
import { createRedisUnansweredStore } from '../../src/store/redis/unanswered.js';
import { contract } from '../helpers/contract.js';

const DAY = 86_400_000;
const policy = { retentionMs: 10 * DAY, maxQuestions: 3 };
const at = (day: number) => new Date(Date.UTC(2026, 7, day, 8));

contract<UnansweredStore>(
  'unanswered store',
  [
    { name: 'memory', build: () => createMemoryUnansweredStore() },
    { name: 'redis', build: ({ redis, prefix }) => createRedisUnansweredStore(redis, prefix) },
  ],
  (store) => {
    it('counts each question and keeps the last day it was asked, most asked first', async () => {
      await store().record('xe bi mat', at(1), policy);
      await store().record('cong an', at(2), policy);
      await store().record('xe bi mat', at(3), policy);
      expect(await store().top(10)).toEqual([
        { question: 'xe bi mat', count: 2, lastAsked: '2026-08-03' },
        { question: 'cong an', count: 1, lastAsked: '2026-08-02' },
      ]);
      expect(await store().top(1)).toEqual([{ question: 'xe bi mat', count: 2, lastAsked: '2026-08-03' }]);
    });

    it('drops the least asked beyond the maximum (ties: the first in order), and what was last asked before the retention time', async () => {
      await store().record('a', at(4), policy);
      await store().record('a', at(4), policy);
      await store().record('b', at(4), policy);
      // Four questions for three places: one of the least asked goes, the first in alphabetical order ('b' before 'cong an').
      expect((await store().top(10)).map((q) => q.question)).toEqual(['xe bi mat', 'a', 'cong an']);
      // Ten days after day 4, 08:00: only what was asked since then stays.
      await store().prune(at(14), policy);
      expect((await store().top(10)).map((q) => q.question)).toEqual(['a']);
    });

    it('lists the last asked first, with when, and forgets a question', async () => {
      await store().record('wifi o dau', at(20), policy);
      await store().record('a', at(21), policy);
      await store().record('wifi o dau', at(22), policy);
      expect(await store().recent(10)).toEqual([
        { question: 'wifi o dau', count: 2, lastAsked: '2026-08-22', lastAt: at(22).toISOString() },
        { question: 'a', count: 1, lastAsked: '2026-08-21', lastAt: at(21).toISOString() },
      ]);
      await store().forget('wifi o dau');
      await store().forget('never asked');
      expect((await store().recent(10)).map((q) => q.question)).toEqual(['a']);
      expect((await store().top(10)).map((q) => q.question)).toEqual(['a']);
    });
  },
);
