/** Durable intake: an acknowledged webhook event survives a crash and is answered exactly once. */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../src/channels/dispatch.js';
import type { InboundMessage } from '../../src/core/message.js';
import { seal } from '../../src/lib/crypto.js';
import { createLogger } from '../../src/lib/logger.js';
import { createMetrics } from '../../src/lib/metrics.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import { isolateNetwork, postWebhook, stubCs, zaloEvent, zaloUserId, ZALO_ENV, type CsCall } from '../fixtures/zalo/harness.js';

let calls: CsCall[];
const started: TestBot[] = [];
beforeAll(() => {
  isolateNetwork();
  calls = stubCs();
});
afterEach(async () => {
  for (const b of started.splice(0).reverse()) await b.cleanup().catch(() => undefined);
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

async function bot(prefix?: string, worker = true, env: Record<string, string> = {}) {
  const b = await startBot('intake', { ...ZALO_ENV, ...(prefix ? { REDIS_KEY_PREFIX: prefix } : {}), ...env }, () => SCRIPT_NOW, undefined, { intakeWorker: worker });
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
    await next.dispatcher.idle();
    const sent = calls.filter((c) => c.userId === userId);
    expect(sent.length).toBeGreaterThan(0);
    expect(JSON.stringify(sent)).toContain('Bảo vệ Tổ quốc Việt Nam xã hội chủ nghĩa');

    await postWebhook(next.app, event).expect(200);
    await next.dispatcher.idle();
    expect(calls.filter((c) => c.userId === userId)).toHaveLength(sent.length);
  });

  it('does not answer again an event whose reply was sent before a crash (done mark), and takes over stale entries', async () => {
    const b = await bot(undefined, true, { INTAKE_CLAIM_IDLE_MS: '50' });
    const stream = `${b.config.redisKeyPrefix}:{intake}:stream`;
    // The worker creates the stream and its group (MKSTREAM) when it starts; then it stops, like a crash.
    await vi.waitFor(async () => expect(await b.redis.exists(stream)).toBe(1), { timeout: 5_000 });
    await b.dispatcher.stop();
    const userId = zaloUserId();
    const msg = { channel: 'zalo', userId, text: 'menu', messageId: 'm-crash-1', at: SCRIPT_NOW.toISOString(), event: 'message' };
    const id = (await b.redis.xadd(stream, '*', 'e', seal(b.secrets.encryption, JSON.stringify(msg))))!;
    const other = { ...msg, messageId: 'm-crash-2', text: 'ngày hội' };
    await b.redis.xadd(stream, '*', 'e', seal(b.secrets.encryption, JSON.stringify(other)));
    await b.redis.xreadgroup('GROUP', 'workers', 'dead-instance', 'COUNT', 10, 'STREAMS', stream, '>');
    const { createHmac } = await import('node:crypto');
    await b.redis.set(`${b.config.redisKeyPrefix}:{intake}:done:${createHmac('sha256', b.secrets.pseudonym).update(id).digest('base64url').slice(0, 32)}`, '1');
    await new Promise((r) => setTimeout(r, 80));

    b.dispatcher.start();
    await b.dispatcher.idle();
    const sent = calls.filter((c) => c.userId === userId);
    expect(JSON.stringify(sent)).toContain('Ngày hội toàn dân bảo vệ an ninh Tổ quốc');
    expect(JSON.stringify(sent)).not.toContain('Mời bạn chọn');
  });

  it('runs at most `concurrency` turns at once, one user\'s events in order, and records each user\'s message before the turn', async () => {
    const b = await bot(undefined, false);
    let running = 0;
    let most = 0;
    const log: string[] = [];
    const dispatcher = createDispatcher({
      redis: b.redis,
      prefix: b.config.redisKeyPrefix,
      encryption: b.secrets.encryption,
      markKey: b.secrets.pseudonym,
      logger: createLogger('silent'),
      metrics: createMetrics(),
      concurrency: 3,
      handle: async (msg) => {
        running += 1;
        most = Math.max(most, running);
        log.push(`turn ${msg.userId} ${msg.text}`);
        await new Promise((r) => setTimeout(r, 15));
        running -= 1;
        return [{ text: 'ok' }];
      },
      senders: {
        zalo: {
          channel: 'zalo',
          send: async () => ({ ok: true, sent: 1 }),
          received: async (userId) => void log.push(`received ${userId}`),
        },
      },
    });
    const users = Array.from({ length: 8 }, () => zaloUserId());
    for (const n of [1, 2, 3]) {
      for (const userId of users) {
        const msg: InboundMessage = { channel: 'zalo', userId, text: `m${n}`, messageId: `${userId}-${n}`, at: SCRIPT_NOW };
        expect(await dispatcher.firstSeen(msg)).toBe(true);
      }
    }
    dispatcher.start();
    try {
      await vi.waitFor(() => expect(log.filter((l) => l.startsWith('turn'))).toHaveLength(24), { timeout: 10_000 });
    } finally {
      await dispatcher.stop();
    }
    expect(most).toBe(3);
    for (const userId of users) {
      const mine = log.filter((l) => l.includes(userId));
      expect(mine).toEqual([`received ${userId}`, `turn ${userId} m1`, `received ${userId}`, `turn ${userId} m2`, `received ${userId}`, `turn ${userId} m3`]);
    }
  });
});

