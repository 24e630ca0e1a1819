/** Rate limits in Redis: per user on every channel (nothing typed is lost: kept for later, or shown back), per IP on the web chat. */
import nock from 'nock';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';
import { createRateLimiter } from '../../src/lib/rate-limit.js';
import { createRedisRateCounters } from '../../src/store/redis/rate-counters.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { isolateNetwork, postWebhook, stubCs, toOutbound, zaloEvent, zaloUserId, ZALO_ENV, type CsCall } from '../helpers/zalo.js';

const KEPT_VI = 'Mình đã giữ lại các tin bạn vừa gửi';
const SHOWN_BACK_VI = 'nên mình chưa đọc được tin này';
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
    expect((await bot.handle({ ...msg, text: 'menu' }))[0]!.text).toContain(SHOWN_BACK_VI);
    expect(await bot.handle(msg, { turnId: '1732600000000-0' })).toEqual(saved);
  });

  it('answers every web message over the limit with its text shown back, to send again, and runs no turn until the minute has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-19T01:00:10Z'));
    const turnsBefore = await turnsCounted();
    for (let i = 0; i < 3; i++) expect((await chat('flooder-1')).at(-1)!.buttons!.length).toBeGreaterThan(0);
    for (const typed of ['Có người lạ ở nhà xe', 'khẩu hiệu']) {
      const over = await chat('flooder-1', typed);
      expect(over).toHaveLength(1);
      expect(over[0]!.text).toContain(SHOWN_BACK_VI);
      expect(over[0]!.text).toContain(`“${typed}”`);
      expect(over[0]!.text).toContain('50 giây');
    }
    expect(await turnsCounted()).toBe(turnsBefore + 3);

    vi.setSystemTime(new Date('2026-08-19T01:01:10Z'));
    expect((await chat('flooder-1')).at(-1)!.buttons!.length).toBeGreaterThan(0);
    expect(await turnsCounted()).toBe(turnsBefore + 4);
  });

  it("limits a flooding user while the other users' turns are answered; every refused message is answered", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-19T02:00:10Z'));
    const flood = Array.from({ length: 30 }, (_, i) => chat('flooder-2', `tin ${i}`, `198.51.100.${10 + i}`));
    const others = Array.from({ length: 3 }, (_, i) => chat(`quiet-${i}`, 'menu', `198.51.100.${50 + i}`));
    const [flooded, answered] = await Promise.all([Promise.all(flood), Promise.all(others)]);
    for (const replies of answered) expect(replies.at(-1)!.buttons!.length).toBeGreaterThan(0);
    const refused = flooded.filter((r) => r[0]!.text.includes(SHOWN_BACK_VI));
    expect(refused).toHaveLength(27);
    expect(flooded.every((r) => r.length > 0)).toBe(true);
  });

  it('keeps what a Zalo user typed over the limit: one "kept" reply, then every kept message and a later button tap answered in order when the minute ends; past what can be kept, shown back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-19T03:00:10Z'));
    const userId = zaloUserId();
    const send = (text: string) => postWebhook(bot.app, zaloEvent('user_send_text', { userId, text })).expect(200);
    const replies = () => toOutbound(calls.filter((c) => c.userId === userId));
    for (let i = 0; i < 3; i++) await send('menu');
    await send('khẩu hiệu'); // over the limit: kept, with the one "kept" reply
    await send('#festival'); // a button tap behind it: queued, not counted
    await send('ngôn ngữ'); // queued
    await send('Có người lạ ở nhà xe'); // three are waiting already: shown back, to send again
    await bot.intake.idle();
    const before = replies();
    expect(before.filter((r) => r.text.includes(KEPT_VI))).toHaveLength(1);
    expect(before.filter((r) => r.text.includes(SHOWN_BACK_VI)).map((r) => r.text)).toEqual([expect.stringContaining('“Có người lạ ở nhà xe”')]);
    expect(before.some((r) => r.text.includes('Khẩu hiệu tuyên truyền'))).toBe(false);
    expect(await bot.redis.xlen(`${bot.keys.prefix}:{intake}:stream`)).toBe(0);
    expect(await bot.dumpRedis()).not.toContain(userId);

    vi.setSystemTime(new Date('2026-08-19T03:01:10Z'));
    await vi.waitFor(() => expect(replies().some((r) => r.buttons?.some((b) => b.payload === '#lang:en'))).toBe(true), { timeout: 5_000 });
    await bot.intake.idle();
    const after = replies().slice(before.length);
    const at = (found: (r: OutboundMessage) => boolean) => after.findIndex(found);
    const slogans = at((r) => r.text.includes('Khẩu hiệu tuyên truyền'));
    const festival = at((r) => r.buttons?.some((b) => b.payload.startsWith('#festival:')) ?? false);
    const language = at((r) => r.buttons?.some((b) => b.payload === '#lang:en') ?? false);
    expect(slogans).toBeGreaterThanOrEqual(0);
    expect(festival).toBeGreaterThan(slogans);
    expect(language).toBeGreaterThan(festival);
    expect(after.some((r) => r.text.includes(KEPT_VI) || r.text.includes(SHOWN_BACK_VI))).toBe(false);
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
    const limiter = createRateLimiter({ counters: createRedisRateCounters(bot.redis, bot.config.redisKeyPrefix), limit: 2, windowSeconds: 60, now: () => now });
    const counter = { user: 'test', name: 'rate' };
    const key = `${bot.config.redisKeyPrefix}:{u:test}:rate`;
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await limiter.hit(counter));
    expect(seen.map((d) => [d.allowed, d.firstRefused])).toEqual([
      [true, false],
      [true, false],
      [false, true],
      [false, false],
    ]);
    expect((await limiter.hit({ user: 'test', name: 'rate-other' })).allowed).toBe(true);
    now += 60_000;
    expect(await limiter.hit(counter)).toEqual({ allowed: true, firstRefused: false, retryAfterSeconds: 60 });
    expect(await bot.redis.ttl(`${key}:${Math.floor(now / 60_000)}`)).toBeGreaterThan(0);
  });
});
