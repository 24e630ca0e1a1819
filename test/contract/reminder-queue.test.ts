/** The ReminderQueue port (events/ports.ts) on BullMQ: a job runs once when due, a removed one never. */
import { afterAll, expect, it } from 'vitest';
import type { ReminderJob, ReminderQueue } from '../../src/events/ports.js';
import { createBullReminderQueue } from '../../src/store/redis/reminder-queue.js';
import { contract } from '../helpers/contract.js';
import { waitFor } from '../helpers/processes.js';

const job = (code: string, kind: ReminderJob['kind']): ReminderJob => ({ code, eventId: 'ev1', kind });

contract<ReminderQueue>('reminder queue', [{ name: 'redis (BullMQ)', build: ({ redis, prefix }) => createBullReminderQueue(redis, prefix) }], (queue) => {
  afterAll(() => queue().close());

  it('runs a due job once, whatever was added twice under its id, and never a removed one', async () => {
    const ran: ReminderJob[] = [];
    await queue().add('reminder-DK-A-day_before', job('DK-A', 'day_before'), 0);
    await queue().add('reminder-DK-A-day_before', job('DK-A', 'day_before'), 0);
    await queue().add('reminder-DK-B-hour_before', job('DK-B', 'hour_before'), 300);
    await queue().remove('reminder-DK-B-hour_before');
    await queue().add('reminder-DK-C-hour_before', job('DK-C', 'hour_before'), 300);
    await queue().startWorker(async (j) => void ran.push(j));
    await waitFor(async () => ran.length >= 2, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(ran).toEqual([job('DK-A', 'day_before'), job('DK-C', 'hour_before')]);
  });
});
