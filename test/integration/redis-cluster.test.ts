/**
 * The bot on the suite's Redis: BullMQ reminders with their hash-tagged prefix, and, when the suite
 * runs against a Redis Cluster (REDIS_CLUSTER_NODES, `.ci/run`'s cluster step), proof that it really
 * does: a cluster client whose keys spread over several masters.
 */
import { Cluster } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullReminderQueue } from '../../src/store/redis/reminder-queue.js';
import type { ReminderJob } from '../../src/events/ports.js';
import { REDIS_CLUSTER_NODES, startBot, type TestBot } from '../helpers/bot.js';
import { waitFor } from '../helpers/processes.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startBot('cluster');
});
afterAll(async () => bot.cleanup());

describe('BullMQ reminders', () => {
  it('runs a due job under <prefix>:{reminders} and removes a cancelled one', async () => {
    const queue = createBullReminderQueue(bot.redis, bot.keys.prefix);
    const done: ReminderJob[] = [];
    try {
      await queue.startWorker(async (job) => done.push(job));
      await queue.add('later', { code: 'DK-LATER1', eventId: 'e1', kind: 'day_before' }, 60_000);
      await queue.remove('later');
      await queue.add('now', { code: 'DK-NOW123', eventId: 'e1', kind: 'hour_before' }, 0);
      await waitFor(async () => done.length > 0, 10_000);
      expect(done).toEqual([{ code: 'DK-NOW123', eventId: 'e1', kind: 'hour_before' }]);
      const keys = (await bot.keysInRedis()).filter((k) => k.includes(':{reminders}:'));
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k.startsWith(`${bot.keys.prefix}:{reminders}:reminders:`))).toBe(true);
    } finally {
      await queue.close();
    }
  });
});

describe.skipIf(!REDIS_CLUSTER_NODES)('on a Redis Cluster', () => {
  it('uses the cluster client, and users’ keys spread over several masters', async () => {
    expect(bot.redis).toBeInstanceOf(Cluster);
    const cluster = bot.redis as Cluster;
    expect(cluster.nodes('master').length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 12; i++)
      await request(bot.app)
        .post('/api/chat')
        .send({ sessionId: `cluster-user-${i}`, text: 'menu' })
        .expect(200);
    const perMaster = await Promise.all(
      cluster.nodes('master').map(async (node) => (await node.scan('0', 'MATCH', `${bot.keys.prefix}:{u:*`, 'COUNT', 10_000))[1].length),
    );
    expect(perMaster.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect((await bot.keysInRedis()).filter((k) => k.includes(':{u:')).length).toBe(perMaster.reduce((a, b) => a + b, 0));
  });
});
