/** The BroadcastQueue port (broadcast/ports.ts) on BullMQ: once per id, `later` without an attempt, retries until the last. */
import { afterAll, expect, it } from 'vitest';
import type { BroadcastQueue, DeliveryAttempt } from '../../src/broadcast/ports.js';
import { createRedisBroadcastQueue } from '../../src/store/redis/broadcast-queues.js';
import { contract } from '../helpers/contract.js';
import { waitFor } from '../helpers/processes.js';

const OPTIONS = { attempts: 2, backoffMs: 20, lockDurationMs: 5_000, stalledIntervalMs: 5_000, concurrency: 4 };

contract<BroadcastQueue>(
  'broadcast queue',
  [{ name: 'redis (BullMQ)', build: ({ redis, prefix }) => createRedisBroadcastQueue(redis, prefix, OPTIONS) }],
  (queue) => {
    afterAll(() => queue().close());

    it('fans out and delivers once per id; `later` comes back without using an attempt; a throw is retried up to the last attempt', async () => {
      const fanouts: string[] = [];
      const attempts: Omit<DeliveryAttempt, 'aborted'>[] = [];
      const workers = queue().work(
        {
          fanout: async (id) => void fanouts.push(id),
          async deliver({ aborted: _aborted, ...attempt }) {
            attempts.push(attempt);
            const mine = attempts.filter((a) => a.userKey === attempt.userKey).length;
            if (attempt.userKey === 'later' && mine === 1) return { later: 50 };
            if (attempt.userKey === 'flaky' && mine === 1) throw new Error('transient');
            return undefined;
          },
        },
        () => undefined,
      );
      try {
        expect(queue().leaseMs).toBe(5_000);
        await queue().fanout('b1');
        await queue().fanout('b1');
        await queue().deliveries('zalo', 'b1', ['ok', 'later', 'flaky']);
        await queue().deliveries('zalo', 'b1', ['ok']);
        await waitFor(async () => attempts.length >= 5, 10_000);
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        await workers.close();
      }
      expect(fanouts).toEqual(['b1']);
      const of = (u: string) => attempts.filter((a) => a.userKey === u).map((a) => a.lastAttempt);
      expect(of('ok')).toEqual([false]);
      expect(of('later')).toEqual([false, false]);
      expect(of('flaky')).toEqual([false, true]);
      expect(attempts.every((a) => a.broadcastId === 'b1')).toBe(true);
    });

    it('runs a delayed fan-out after its delay, and never one whose fan-out was cancelled before', async () => {
      const fanouts: { id: string; at: number }[] = [];
      const workers = queue().work({ fanout: async (id) => void fanouts.push({ id, at: Date.now() }), deliver: async () => undefined }, () => undefined);
      try {
        const queued = Date.now();
        await queue().fanout('later', 400);
        await queue().fanout('dropped', 400);
        await queue().cancelFanout('dropped');
        await queue().cancelFanout('never-queued');
        await waitFor(async () => fanouts.length >= 1, 10_000);
        await new Promise((r) => setTimeout(r, 800));
        expect(fanouts.map((f) => f.id)).toEqual(['later']);
        expect(fanouts[0]!.at - queued).toBeGreaterThanOrEqual(400);
      } finally {
        await workers.close();
      }
    });
  },
);
