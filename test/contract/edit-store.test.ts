/** The EditStore port (edits/ports.ts): versions appended in order, the latest of each document, the revision, memory and Redis alike. */
import { expect, it } from 'vitest';
import type { EditStore } from '../../src/edits/ports.js';
import type { Version } from '../../src/edits/types.js';
import { createMemoryEditStore } from '../../src/store/memory/edits.js';
import { createRedisEditStore } from '../../src/store/redis/edits.js';
import { contract } from '../helpers/contract.js';

const version = (v: number, value: unknown, by = 'btc-lan'): Version => ({
  v,
  at: `2027-07-0${v}T02:00:00.000Z`,
  by,
  action: v === 1 ? 'create' : 'update',
  changed: v === 1 ? [] : ['title.vi'],
  value,
});

contract<EditStore>(
  'edit store',
  [
    { name: 'memory', build: () => createMemoryEditStore() },
    { name: 'redis', build: ({ redis, prefix }) => createRedisEditStore(redis, prefix) },
  ],
  (store) => {
    it('starts empty at revision 0', async () => {
      expect(await store().revision()).toBe(0);
      expect(await store().latest()).toEqual({ revision: 0, docs: [] });
      expect(await store().history('event', 'qc-bong-da')).toEqual([]);
    });

    it('appends versions in order, moves the revision once per version, and keeps every version newest first', async () => {
      expect(await store().append('event', 'qc-bong-da', version(1, { title: 'một' }))).toEqual({ ok: true, revision: 1 });
      expect(await store().append('faq', 'festival-what', version(1, { answer: 'a' }))).toEqual({ ok: true, revision: 2 });
      expect(await store().append('event', 'qc-bong-da', version(2, { title: 'hai' }, 'chi-huy'))).toEqual({ ok: true, revision: 3 });
      expect(await store().revision()).toBe(3);
      const latest = await store().latest();
      expect(latest.revision).toBe(3);
      expect(latest.docs.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
        { kind: 'event', id: 'qc-bong-da', version: version(2, { title: 'hai' }, 'chi-huy') },
        { kind: 'faq', id: 'festival-what', version: version(1, { answer: 'a' }) },
      ]);
      expect((await store().history('event', 'qc-bong-da')).map((v) => [v.v, v.by, v.value])).toEqual([
        [2, 'chi-huy', { title: 'hai' }],
        [1, 'btc-lan', { title: 'một' }],
      ]);
    });

    it('refuses a version that does not follow the latest (someone saved meanwhile), writing nothing', async () => {
      expect(await store().append('event', 'qc-bong-da', version(2, { title: 'cũ' }))).toEqual({ ok: false, current: 2 });
      expect(await store().append('event', 'new-one', version(2, {}))).toEqual({ ok: false, current: 0 });
      expect(await store().revision()).toBe(3);
      expect((await store().history('event', 'qc-bong-da')).length).toBe(2);
    });

    it('lets only one of two editors saving the same version at once win', async () => {
      const results = await Promise.all([store().append('faq', 'race', version(1, { by: 'a' })), store().append('faq', 'race', version(1, { by: 'b' }))]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await store().history('faq', 'race')).toHaveLength(1);
    });
  },
);
