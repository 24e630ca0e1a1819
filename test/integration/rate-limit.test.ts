/** Rate limits in Redis: per user on every channel (one "slow down", then silence), per IP on the web chat. */
import nock from 'nock';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';
import { createRateLimiter } from '../../src/lib/rate-limit.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { isolateNetwork, postWebhook, stubCs, toOutbound, zaloEvent, zaloUserId, ZALO_ENV, type CsCall } from '../fixtures/zalo/harness.js';

const SLOW_DOWN_VI = 'Bạn đang gửi tin nhắn hơi nhanh';
let bot: TestBot;
let calls: CsCall[];

beforeAll(async () => {
  isolateNetwork();
  calls = stubCs();
  bot = await startBot('rate', { ...ZALO_ENV, RATE_USER_PER_MINUTE: '3', RATE_WEB_PER_MINUTE: '5', TRUST_PROXY: 'true' });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await bot.cleanup();
  nock.cleanAll();
  nock.enableNetConnect();
});

let hosts = 0;
/** One web chat message from `sessionId`, from client address `ip` (by default a new one each time, below the IP limit). */
async function chat(sessionId: string, text = 'menu', ip = `192.0.2.${++hosts}`): Promise<OutboundMessage[]> {
  const res = await request(bot.app).post('/api/chat').set('x-forwarded-for', ip).send({ sessionId, text }).expect(200);
  return (res.body as { replies: OutboundMessage[] }).replies;
}

async function turnsCounted(): Promise<number> {
  const m = await bot.metrics.registry.getSingleMetricAsString('bot_turns_total');
  return Number(/bot_turns_total\{channel="web"\} (\d+)/.exec(m)?.[1] ?? 0);
}

describe('per-user rate limit', () => {
  it('does not limit the re-run of a turn that ran already: its saved replies are sent', async () => {
    const userId = zaloUserId();
    const msg = { channel: 'zalo' as const, userId, at: new Date(), text: 'khẩu hiệu', event: 'message' as const };
    const saved = await bot.handle(msg, { turnId: '1732600000000-0' });
    expect(saved.length).toBeGreaterThan(0);
    // The user floods past the limit; then the event above is run again (its instance died before acknowledging it).
    for (let i = 0; i < 4; i++) await bot.handle({ ...msg, text: 'menu' });
    expect(await bot.handle({ ...msg, text: 'menu' })).toEqual([]);
    expect(await bot.handle(msg, { turnId: '1732600000000-0' })).toEqual(saved);
  });

  it('sends one "slow down" over the limit, then nothing and runs no turn, until the minute has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-19T01:00:10Z'));
    const turnsBefore = await turnsCounted();
    for (let i = 0; i < 3; i++) expect((await chat('flooder-1')).at(-1)!.buttons!.length).toBeGreaterThan(0);
    const over = await chat('flooder-1');
    expect(over).toHaveLength(1);
    expect(over[0]!.text).toContain(SLOW_DOWN_VI);
    expect(await chat('flooder-1')).toEqual([]);
    expect(await chat('flooder-1')).toEqual([]);
    expect(await turnsCounted()).toBe(turnsBefore + 3);

    vi.setSystemTime(new Date('2026-08-19T01:01:10Z'));
    expect((await chat('flooder-1')).at(-1)!.buttons!.length).toBeGreaterThan(0);
    expect(await turnsCounted()).toBe(turnsBefore + 4);
  });

  it('limits a flooding user while the other users\' turns are answered', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-19T02:00:10Z'));
    const flood = Array.from({ length: 30 }, (_, i) => chat('flooder-2', 'menu', `198.51.100.${10 + i}`));
    const others = Array.from({ length: 3 }, (_, i) => chat(`quiet-${i}`, 'menu', `198.51.100.${50 + i}`));
    const [flooded, answered] = await Promise.all([Promise.all(flood), Promise.all(others)]);
    for (const replies of answered) expect(replies.at(-1)!.buttons!.length).toBeGreaterThan(0);
    expect(flooded.filter((r) => r.length > 0 && r[0]!.text.includes(SLOW_DOWN_VI))).toHaveLength(1);
    expect(flooded.filter((r) => r.length === 0)).toHaveLength(26);
  });

  it('applies on Zalo too: the flooding user gets one "slow down" message, and nothing else past the limit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-19T03:00:10Z'));
    const userId = zaloUserId();
    for (let i = 0; i < 8; i++) await postWebhook(bot.app, zaloEvent('user_send_text', { userId, text: 'menu' })).expect(200);
    await bot.dispatcher.idle();
    const texts = toOutbound(calls.filter((c) => c.userId === userId)).map((m) => m.text);
    expect(texts.filter((t) => t.includes(SLOW_DOWN_VI))).toHaveLength(1);
    expect(texts.at(-1)).toContain(SLOW_DOWN_VI);
  });
});

describe('per-IP limit on the web chat', () => {
  it('answers 429 with Retry-After past the limit for one address, and keeps serving another', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-19T04:00:30Z'));
    for (let i = 0; i < 5; i++) await chat(`ip-user-${i}`, 'menu', '203.0.113.7');
    const res = await request(bot.app).post('/api/chat').set('x-forwarded-for', '203.0.113.7').send({ sessionId: 'ip-user-9', text: 'menu' }).expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBe(30);
    expect((await chat('ip-user-10', 'menu', '203.0.113.8')).length).toBeGreaterThan(0);
    expect(await bot.dumpRedis()).not.toContain('203.0.113.7');
  });
});

describe('createRateLimiter', () => {
  it('counts per key and fixed window, and flags only the first refusal', async () => {
    let now = Date.parse('2026-08-19T05:00:00Z');
    const limiter = createRateLimiter({ redis: bot.redis, limit: 2, windowSeconds: 60, now: () => now });
    const key = `${bot.config.redisKeyPrefix}:{u:test}:rate`;
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await limiter.hit(key));
    expect(seen.map((d) => [d.allowed, d.firstRefused])).toEqual([[true, false], [true, false], [false, true], [false, false]]);
    expect((await limiter.hit(`${key}-other`)).allowed).toBe(true);
    now += 60_000;
    expect(await limiter.hit(key)).toEqual({ allowed: true, firstRefused: false, retryAfterSeconds: 60 });
    expect(await bot.redis.ttl(`${key}:${Math.floor(now / 60_000)}`)).toBeGreaterThan(0);
  });
});
