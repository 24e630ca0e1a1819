/**
 * Durable intake: an acknowledged webhook event survives a crash; it is answered once, and a re-run
 * after its turn was saved sends that turn's replies again rather than running the message twice.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIntake } from '../../src/intake/intake.js';
import { BUSY_CONCURRENCY, BUSY_WEBHOOKS } from '../../src/intake/worker.js';
import { createRedisIntakeQueue } from '../../src/store/redis/intake.js';
import type { InboundMessage } from '../../src/core/message.js';
import { createLogger } from '../../src/lib/logger.js';
import { createMetrics } from '../../src/lib/metrics.js';
import { createRedisSessionStore } from '../../src/store/redis/session-store.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { failScriptOnce } from '../helpers/redis.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import { CS_OK, isolateNetwork, postWebhook, stubCs, toOutbound, zaloDriver, zaloEvent, zaloUserId, ZALO_ENV, type CsCall } from '../helpers/zalo.js';

let calls: CsCall[];
/** Sends to these users that Zalo answers "reached limit call api" (a rate limit: nothing refused), by count. */
const limitedFor = new Map<string, number>();
const started: TestBot[] = [];
beforeAll(() => {
  isolateNetwork();
  calls = stubCs((call) => {
    const left = limitedFor.get(call.userId) ?? 0;
    if (left === 0) return CS_OK;
    limitedFor.set(call.userId, left - 1);
    return { error: -32, message: 'reached limit call api' };
  });
});
afterEach(async () => {
  for (const b of started.splice(0).reverse()) await b.cleanup().catch(() => undefined);
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

async function bot(prefix?: string, worker = true, env: Record<string, string> = {}) {
  const b = await startBot('intake', { ...ZALO_ENV, ...(prefix ? { REDIS_KEY_PREFIX: prefix } : {}), ...env }, () => SCRIPT_NOW, undefined, {
    intakeWorker: worker,
  });
  started.push(b);
  return b;
}

describe('durable intake', () => {
  it('answers an event acknowledged by an instance that crashed before processing it, once', async () => {
    const crashed = await bot(undefined, false);
    const userId = zaloUserId();
    const event = zaloEvent('user_send_text', { userId, text: 'khẩu hiệu' });
    await postWebhook(crashed.app, event).expect(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.filter((c) => c.userId === userId)).toEqual([]);
    expect(await crashed.redis.xlen(`${crashed.config.redisKeyPrefix}:{intake}:stream`)).toBe(1);
    const stored = await crashed.dumpRedis();
    expect(stored).not.toContain(userId);
    expect(stored).not.toContain('khẩu hiệu');
    await crashed.close();

    const next = await bot(crashed.config.redisKeyPrefix);
    await next.intake.idle();
    const sent = calls.filter((c) => c.userId === userId);
    expect(sent.length).toBeGreaterThan(0);
    expect(JSON.stringify(sent)).toContain('Bảo vệ Tổ quốc Việt Nam xã hội chủ nghĩa');

    await postWebhook(next.app, event).expect(200);
    await next.intake.idle();
    expect(calls.filter((c) => c.userId === userId)).toHaveLength(sent.length);
  });

  it("after a crash between a saved turn and its acknowledgement, sends that turn's replies again instead of running the message again", async () => {
    const b = await bot(undefined, true, { INTAKE_CLAIM_IDLE_MS: '50' });
    const userId = zaloUserId();
    const zalo = zaloDriver(b, calls, userId);
    // "3" picks the third button offered: after the festival menu, "who attends".
    const menu = await zalo.send({ text: 'ngày hội' });
    expect(menu.at(-1)!.buttons![2]!.payload).toBe('#festival:who');
    // What "3" answers there, as another Zalo user sees it without a crash.
    const other = zaloDriver(b, calls, zaloUserId());
    await other.send({ text: 'ngày hội' });
    const expected = (await other.send({ text: '3' })).map((m) => m.text);

    // The first run saves its turn and sends, then dies before the acknowledgement (its FINISH fails once).
    const stream = `${b.config.redisKeyPrefix}:{intake}:stream`;
    const finish = failScriptOnce(b.redis, (args) => args[1] === 1 && args[2] === stream, 'the process died here');
    const from = calls.length;
    await postWebhook(b.app, zaloEvent('user_send_text', { userId, text: '3' })).expect(200);
    await b.intake.idle();
    const sent = toOutbound(calls.slice(from).filter((c) => c.userId === userId)).map((m) => m.text);

    // The re-run (the entry taken over as stale) sent the saved replies: the same "who attends" answer
    // twice (a send before a crash can repeat), never "3" applied to the buttons of that answer.
    const half = sent.length / 2;
    expect(sent.slice(0, half)).toEqual(expected);
    expect(sent.slice(half)).toEqual(expected);
    expect(finish.failed()).toBe(true);
    // Delivered: the saved replies are forgotten, and the stream is empty.
    expect((await b.keysInRedis()).filter((k) => k.includes(':turn:'))).toEqual([]);
    expect(await b.redis.xlen(stream)).toBe(0);
  });

  it('keeps an event whose replies the platform could not take, and sends the saved replies once it can', async () => {
    const b = await bot(undefined, true, { INTAKE_CLAIM_IDLE_MS: '50' });
    const expected = await zaloDriver(b, calls, zaloUserId()).send({ text: 'khẩu hiệu' });
    const userId = zaloUserId();
    // Zalo rate-limits every try of the first send (the client retries 3 times), then takes the next.
    limitedFor.set(userId, 3);
    const sent = await zaloDriver(b, calls, userId).send({ text: 'khẩu hiệu' });
    expect(limitedFor.get(userId)).toBe(0);
    expect(calls.filter((c) => c.userId === userId)).toHaveLength(3 + expected.length);
    expect(sent.slice(3)).toEqual(expected);
  });

  /** A dispatcher on the test bot's Redis with a scripted turn handler (no engine). */
  async function scripted(
    handle: (msg: InboundMessage) => Promise<void>,
    options: { concurrency?: number; staleMs?: number; maxBacklog?: number; webhooksInFlight?: () => number } = {},
  ) {
    const b = await bot(undefined, false);
    const dispatcher = createIntake({
      queue: createRedisIntakeQueue(b.redis, b.config.redisKeyPrefix, b.secrets.pseudonym),
      encryption: b.secrets.encryption,
      pseudonym: b.secrets.pseudonym,
      sessions: createRedisSessionStore(b.redis, b.keys, 600, b.secrets.encryption),
      logger: createLogger('silent'),
      metrics: createMetrics(),
      ...options,
      handle: async (msg) => {
        await handle(msg);
        return [{ text: 'ok' }];
      },
      senders: { zalo: { channel: 'zalo', send: async () => ({ ok: true, sent: 1 }) } },
    });
    const accept = (userId: string, n: number) => dispatcher.firstSeen({ channel: 'zalo', userId, text: `m${n}`, messageId: `${userId}-${n}`, at: SCRIPT_NOW });
    return { b, dispatcher, accept, stream: `${b.config.redisKeyPrefix}:{intake}:stream` };
  }

  it('runs only BUSY_CONCURRENCY turns at once while webhooks queue up, batch after batch, and all of them again after', async () => {
    let running = 0;
    let most = 0;
    let inFlight = BUSY_WEBHOOKS;
    let done = 0;
    const { dispatcher, accept } = await scripted(
      async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 15));
        running -= 1;
        done += 1;
      },
      { concurrency: 8, staleMs: 300, webhooksInFlight: () => inFlight },
    );
    const users = Array.from({ length: 24 }, () => zaloUserId());
    for (const userId of users) expect(await accept(userId, 1)).toBe(true);
    dispatcher.start();
    try {
      // Busy: turns still run (replies keep flowing), two at a time, and later events keep coming in.
      await vi.waitFor(() => expect(done).toBe(24), { timeout: 10_000 });
      for (const userId of users) expect(await accept(userId, 2)).toBe(true);
      await vi.waitFor(() => expect(done).toBeGreaterThanOrEqual(32), { timeout: 10_000 });
      expect(most).toBe(BUSY_CONCURRENCY);
      inFlight = BUSY_WEBHOOKS - 1;
      await vi.waitFor(() => expect(done).toBe(48), { timeout: 10_000 });
    } finally {
      await dispatcher.stop();
    }
    expect(most).toBeGreaterThan(BUSY_CONCURRENCY);
  });

  it("runs at most `concurrency` turns at once and one user's events in order", async () => {
    let running = 0;
    let most = 0;
    const log: string[] = [];
    const { dispatcher, accept } = await scripted(
      async (msg) => {
        running += 1;
        most = Math.max(most, running);
        log.push(`${msg.userId} ${msg.text}`);
        await new Promise((r) => setTimeout(r, 15));
        running -= 1;
      },
      // A short stale time: a transient Redis error on a busy CI machine is retried within the wait.
      { concurrency: 3, staleMs: 300 },
    );
    const users = Array.from({ length: 8 }, () => zaloUserId());
    for (const n of [1, 2, 3]) for (const userId of users) expect(await accept(userId, n)).toBe(true);
    dispatcher.start();
    try {
      await vi.waitFor(() => expect(log).toHaveLength(24), { timeout: 10_000 });
    } finally {
      await dispatcher.stop();
    }
    expect(most).toBe(3);
    for (const userId of users) expect(log.filter((l) => l.startsWith(userId))).toEqual([`${userId} m1`, `${userId} m2`, `${userId} m3`]);
  });

  it("reads on while a slow turn runs, and runs a user's later events after it, also when read later", async () => {
    const log: string[] = [];
    const slow = zaloUserId();
    const { dispatcher, accept } = await scripted(
      async (msg) => {
        log.push(`${msg.userId === slow ? 'slow' : 'other'} ${msg.text} start`);
        if (msg.userId === slow && msg.text === 'm1') await new Promise((r) => setTimeout(r, 600));
        log.push(`${msg.userId === slow ? 'slow' : 'other'} ${msg.text} end`);
      },
      { concurrency: 4, staleMs: 5_000 },
    );
    await accept(slow, 1);
    dispatcher.start();
    try {
      await vi.waitFor(() => expect(log).toContain('slow m1 start'));
      // Read after the slow turn started: the others do not wait for it, the slow user's next one does.
      await accept(slow, 2);
      for (let i = 0; i < 3; i++) await accept(zaloUserId(), 1);
      await vi.waitFor(() => expect(log).toHaveLength(10), { timeout: 10_000 });
    } finally {
      await dispatcher.stop();
    }
    expect(log.filter((l) => l.startsWith('other') && l.endsWith('end'))).toHaveLength(3);
    expect(log.indexOf('slow m1 end')).toBeGreaterThan(log.lastIndexOf('other m1 end'));
    expect(log.indexOf('slow m2 start')).toBeGreaterThan(log.indexOf('slow m1 end'));
  });

  it('stops while turns run: the turns read finish, and nothing more is read', async () => {
    let done = 0;
    const { dispatcher, accept } = await scripted(
      async () => {
        await new Promise((r) => setTimeout(r, 200));
        done += 1;
      },
      { concurrency: 1, staleMs: 5_000 },
    );
    const userId = zaloUserId();
    for (const n of [1, 2, 3]) await accept(userId, n);
    dispatcher.start();
    // The worker waits for a free slot (three events read, one at a time) when it is stopped.
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await dispatcher.stop();
    expect(done).toBe(3);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('keeps the events waiting for a slot claimed, so no other instance takes them over', async () => {
    const { b, dispatcher, accept, stream } = await scripted(() => new Promise((r) => setTimeout(r, 40)), { concurrency: 1, staleMs: 60 });
    for (let i = 0; i < 6; i++) await accept(zaloUserId(), 1);
    dispatcher.start();
    try {
      await new Promise((r) => setTimeout(r, 150));
      const [, taken] = (await b.redis.xautoclaim(stream, 'workers', 'other-instance', 60, '0-0', 'COUNT', 10)) as [string, unknown[]];
      expect(taken).toEqual([]);
      await dispatcher.idle();
    } finally {
      await dispatcher.stop();
    }
  });

  it("stops a user's events at one that failed and retries them later in order", async () => {
    const log: string[] = [];
    let failOnce = true;
    const { dispatcher, accept } = await scripted(
      async (msg) => {
        if (msg.text === 'm1' && failOnce) {
          failOnce = false;
          throw new Error('turn failed');
        }
        log.push(msg.text ?? '');
      },
      { staleMs: 50 },
    );
    const userId = zaloUserId();
    for (const n of [1, 2, 3]) await accept(userId, n);
    dispatcher.start();
    try {
      await vi.waitFor(() => expect(log).toHaveLength(3), { timeout: 10_000 });
    } finally {
      await dispatcher.stop();
    }
    expect(log).toEqual(['m1', 'm2', 'm3']);
  });

  it('answers 503 past the most events waiting, and marks nothing as seen', async () => {
    const { dispatcher, accept } = await scripted(async () => undefined, { maxBacklog: 2, staleMs: 300 });
    const userId = zaloUserId();
    expect(await accept(userId, 1)).toBe(true);
    expect(await accept(userId, 2)).toBe(true);
    await expect(accept(userId, 3)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    dispatcher.start();
    try {
      await dispatcher.idle();
      expect(await accept(userId, 3)).toBe(true);
      await dispatcher.idle();
    } finally {
      await dispatcher.stop();
    }
  });
});
