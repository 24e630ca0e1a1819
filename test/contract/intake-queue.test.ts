/** The IntakeQueue port (intake/ports.ts) on Redis (or the Cluster): dedupe, backlog limit, readers, held lists. */
import { expect, it } from 'vitest';
import type { IntakeQueue } from '../../src/intake/ports.js';
import { createRedisIntakeQueue } from '../../src/store/redis/intake.js';
import { contract } from '../helpers/contract.js';

const opts = { seenTtlSeconds: 60, maxBacklog: 3 };

contract<IntakeQueue>(
  'intake queue',
  [{ name: 'redis', build: ({ redis, prefix, secrets }) => createRedisIntakeQueue(redis, prefix, secrets.pseudonym) }],
  (queue) => {
    it('accepts an event once per id, and nothing past the backlog limit', async () => {
      expect(await queue().accept('zalo:m1', 'sealed-1', opts)).toBe('accepted');
      expect(await queue().accept('zalo:m1', 'sealed-1', opts)).toBe('duplicate');
      expect(await queue().accept('zalo:m2', 'sealed-2', opts)).toBe('accepted');
      expect(await queue().accept('zalo:m3', 'sealed-3', opts)).toBe('accepted');
      expect(await queue().accept('zalo:m4', 'sealed-4', opts)).toBe('full');
      expect(await queue().length()).toBe(3);
    });

    it('hands new entries to a reader once, takes stale ones over, and finishes them', async () => {
      const a = queue().reader('worker-a');
      const b = queue().reader('worker-b');
      try {
        await a.ensureGroup();
        await b.ensureGroup();
        const read = await a.read(10, 100);
        expect(read.map((e) => e.sealed)).toEqual(['sealed-1', 'sealed-2', 'sealed-3']);
        expect(await b.read(10, 100)).toEqual([]);
        await new Promise((r) => setTimeout(r, 30));
        const stale = await b.claimStale(20, 10);
        expect(stale.map((e) => e.id)).toEqual(read.map((e) => e.id));
        await queue().finish(read[0]!.id);
        expect(await queue().length()).toBe(2);
      } finally {
        a.close();
        b.close();
      }
    });

    it('holds an entry for a user until it is due, then puts it back', async () => {
      const reader = queue().reader('worker-c');
      try {
        const [entry] = await reader.claimStale(0, 1);
        await queue().hold(entry!.id, entry!.sealed, 'member-1', 5_000);
        expect(await queue().held('member-1')).toBe(1);
        expect(await queue().heldUsers()).toBe(1);
        expect(await queue().length()).toBe(1);
        expect(await queue().releaseDue(4_999)).toBe(0);
        expect(await queue().releaseDue(5_000)).toBe(1);
        expect(await queue().held('member-1')).toBe(0);
        expect(await queue().length()).toBe(2);
      } finally {
        reader.close();
      }
    });
  },
);
