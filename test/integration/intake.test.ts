/** Durable intake: an acknowledged webhook event survives a crash and is answered exactly once. */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { seal } from '../../src/lib/crypto.js';
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
});
