/**
 * 10,000 subscribers over Zalo and Messenger, through the real channel adapters against nock
 * stand-ins, with per-channel rate limits. The workers are killed midway (in-flight jobs cancelled,
 * locks lost) and started again; every eligible subscriber gets exactly one message, nobody outside
 * the platform window gets one, permanent failures are not retried, transient ones are.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcasts, type Broadcasts } from '../../src/broadcast/index.js';
import { createRedisBroadcastQueue } from '../../src/store/redis/broadcast-queues.js';
import { createRedisBroadcastStore } from '../../src/store/redis/broadcasts.js';
import { createRedisSubscriptionStore } from '../../src/store/redis/subscriptions.js';
import type { SubscriptionStore } from '../../src/subscriptions/ports.js';
import { openAddress, pseudonymize, sealAddress } from '../../src/lib/crypto.js';
import { createLogger } from '../../src/lib/logger.js';
import { createRedisSessionStore } from '../../src/store/redis/session-store.js';
import { content, startBot, type TestBot } from '../helpers/bot.js';
import { waitFor } from '../helpers/processes.js';
import { MESSENGER_ENV, GRAPH_URL } from '../helpers/messenger-events.js';
import { SEND_PATH } from '../helpers/messenger-graph.js';
import { API, CS_PATH, CS_OK, isolateNetwork, ZALO_ENV } from '../helpers/zalo.js';

const NOW = new Date('2026-08-12T01:00:00Z');
const PER_CHANNEL = 5000;
const RATES = { zalo: { max: 400, duration: 1000 }, messenger: { max: 600, duration: 1000 } };
const HOUR = 3600_000;

/** Who is who: every 10th Zalo and every 5th Messenger user is outside the window; a few fail for good; a few fail 3 times first. */
const kind = (channel: 'zalo' | 'messenger', i: number) => {
  if (channel === 'zalo' ? i % 10 === 0 : i % 5 === 0) return 'closed';
  if (i % 97 === 1) return 'permanent';
  if (i % 211 === 2) return 'flaky';
  return 'ok';
};
const idOf = (channel: 'zalo' | 'messenger', i: number) => (channel === 'zalo' ? `88${String(i).padStart(14, '0')}` : `61${String(i).padStart(14, '0')}`);
const indexOf = (id: string) => Number(id.slice(2));

let bot: TestBot;
let news: { broadcasts: Broadcasts; subscriptions: SubscriptionStore };
const delivered = { zalo: new Map<string, number>(), messenger: new Map<string, number>() };
const attempts = { zalo: new Map<string, number>(), messenger: new Map<string, number>() };
const times = { zalo: [] as number[], messenger: [] as number[] };

function standIns(): void {
  const answer = (channel: 'zalo' | 'messenger', id: string): 'ok' | 'permanent' | 'transient' => {
    const n = (attempts[channel].get(id) ?? 0) + 1;
    attempts[channel].set(id, n);
    times[channel].push(Date.now());
    const k = kind(channel, indexOf(id));
    if (k === 'permanent') return 'permanent';
    if (k === 'flaky' && n <= 3) return 'transient';
    delivered[channel].set(id, (delivered[channel].get(id) ?? 0) + 1);
    return 'ok';
  };
  nock(API)
    .persist()
    .post(CS_PATH)
    .reply((_uri, body) => {
      const r = answer('zalo', String((body as { recipient: { user_id: string } }).recipient.user_id));
      if (r === 'transient') return [503, 'busy'];
      return [200, r === 'ok' ? CS_OK : { error: -213, message: 'User has not followed OA' }];
    });
  nock(GRAPH_URL)
    .persist()
    .post(SEND_PATH)
    .query(true)
    .reply((_uri, body) => {
      const psid = (body as { recipient: { id: string } }).recipient.id;
      const r = answer('messenger', psid);
      if (r === 'transient') return [500, { error: { message: 'temporary', type: 'OAuthException', code: 2 } }];
      if (r === 'permanent') return [400, { error: { message: 'This person isn’t available right now.', type: 'OAuthException', code: 551 } }];
      return [200, { recipient_id: psid, message_id: `m_${psid}` }];
    });
}

async function seed(): Promise<void> {
  const sessions = createRedisSessionStore(bot.redis, bot.keys, 1800);
  for (const channel of ['zalo', 'messenger'] as const) {
    for (let start = 0; start < PER_CHANNEL; start += 500) {
      await Promise.all(
        Array.from({ length: 500 }, async (_, j) => {
          const i = start + j;
          const id = idOf(channel, i);
          const userKey = pseudonymize(bot.secrets.pseudonym, channel, id);
          const age = kind(channel, i) === 'closed' ? (channel === 'zalo' ? 8 * 24 : 25) * HOUR : ((i % 20) + 1) * HOUR;
          await news.subscriptions.add(userKey, { channel, address: sealAddress(bot.secrets.encryption, channel, id) }, ['festival'], NOW);
          await sessions.save(userKey, { seenAt: new Date(NOW.getTime() - age) });
        }),
      );
    }
  }
}

/** The most requests seen in any `ms` window. */
function busiest(ts: number[], ms: number): number {
  const s = [...ts].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < s.length; j++) {
    while (s[j]! - s[i]! >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** Settled deliveries by outcome, as the metrics count them. */
const settled = new Map<string, number>();

beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('bc10k', { ...ZALO_ENV, ...MESSENGER_ENV }, () => NOW);
  const prefix = bot.config.redisKeyPrefix;
  const subscriptions = createRedisSubscriptionStore(bot.redis, prefix);
  news = {
    subscriptions,
    broadcasts: createBroadcasts({
      store: createRedisBroadcastStore(bot.redis, prefix),
      queue: createRedisBroadcastQueue(bot.redis, prefix, {
        rates: RATES,
        concurrency: 50,
        lockDurationMs: 3000,
        stalledIntervalMs: 1000,
        backoffMs: 200,
        attempts: 4,
      }),
      audience: subscriptions,
      onOneInstance: () => () => undefined,
      data: content.data,
      clock: () => NOW,
      logger: createLogger('silent'),
      lastSeen: createRedisSessionStore(bot.redis, bot.keys, 1800).lastSeen,
      render: (u, say) => bot.engine.renderFor(u, say),
      open: (sealed) => openAddress(bot.secrets.encryption, sealed),
      senders: bot.senders,
      onDeliverySettled: (outcome) => settled.set(outcome, (settled.get(outcome) ?? 0) + 1),
    }),
  };
  standIns();
  await seed();
}, 60_000);

afterAll(async () => {
  nock.cleanAll();
  await news.broadcasts.close();
  await bot.close();
  await bot.cleanup();
});

describe('broadcast to 10,000 subscribers', () => {
  it('survives a worker kill midway and ends with exact counts', async () => {
    expect(await news.subscriptions.count('festival')).toBe(2 * PER_CHANNEL);
    expect((await news.broadcasts.startCampaign('2026-con-mot-tuan', 'cli')).ok).toBe(true);

    const first = news.broadcasts.runWorkers();
    await waitFor(async () => ((await news.broadcasts.report('2026-con-mot-tuan'))?.sent ?? 0) >= 3000, 40_000);
    await first.close(true); // killed: jobs in progress are cancelled and their locks are lost
    const atKill = (await news.broadcasts.report('2026-con-mot-tuan'))!;
    if (process.env.BENCH_LOG) process.stdout.write(`at kill: ${JSON.stringify(atKill)}\n`);
    expect(atKill.status).not.toBe('done');
    expect(atKill.pending).toBeGreaterThan(0);

    const second = news.broadcasts.runWorkers();
    try {
      await waitFor(async () => (await news.broadcasts.report('2026-con-mot-tuan'))?.status === 'done', 50_000);
    } finally {
      await second.close();
    }

    const expected = { zalo: { eligible: 0, permanent: 0 }, messenger: { eligible: 0, permanent: 0 } };
    for (const channel of ['zalo', 'messenger'] as const) {
      for (let i = 0; i < PER_CHANNEL; i++) {
        const id = idOf(channel, i);
        const k = kind(channel, i);
        if (k === 'closed') {
          expect(attempts[channel].get(id), `${channel} ${i} is outside the window`).toBeUndefined();
          continue;
        }
        expected[channel].eligible += 1;
        if (k === 'permanent') {
          expected[channel].permanent += 1;
          expect(attempts[channel].get(id), `${channel} ${i}: a permanent failure is not retried`).toBe(1);
          expect(delivered[channel].get(id)).toBeUndefined();
        } else {
          expect(delivered[channel].get(id), `${channel} ${i} got exactly one message`).toBe(1);
        }
        if (k === 'flaky') expect(attempts[channel].get(id)).toBe(4);
      }
    }
    if (process.env.BENCH_LOG)
      process.stdout.write(
        `final: ${JSON.stringify(await news.broadcasts.report('2026-con-mot-tuan'))} busiest zalo ${busiest(times.zalo, 1000)}/s messenger ${busiest(times.messenger, 1000)}/s\n`,
      );
    const eligible = expected.zalo.eligible + expected.messenger.eligible;
    const failed = expected.zalo.permanent + expected.messenger.permanent;
    expect(await news.broadcasts.report('2026-con-mot-tuan')).toMatchObject({
      status: 'done',
      targeted: 10_000,
      skippedWindow: 500 + 1000,
      eligible,
      sent: eligible - failed,
      failed,
      unsubscribed: 0,
      pending: 0,
      uncertain: 0,
    });
    // Each delivery is counted once, whatever was retried or taken over.
    expect(Object.fromEntries(settled)).toEqual({ window: 500 + 1000, sent: eligible - failed, failed });
    // Fixed-window limiters: no 1-second span sees more than two windows' worth.
    expect(busiest(times.zalo, 1000)).toBeLessThanOrEqual(2 * RATES.zalo.max);
    expect(busiest(times.messenger, 1000)).toBeLessThanOrEqual(2 * RATES.messenger.max);
    const dump = await bot.dumpRedis();
    expect(dump).not.toContain(idOf('zalo', 123));
    expect(dump).not.toContain(idOf('messenger', 123));
  }, 120_000);
});
