/**
 * One person reports and signs up for an event: a Redis dump (what a backup, or anyone with read
 * access to Redis, holds) has no value in common between the report's records and the sign-up's
 * records, so an organiser's sign-up CSV plus a backup cannot name the reporter.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';
import { effectContext, keyValues, startBot, type TestBot } from '../helpers/bot.js';
import { allText, type ChatDriver } from '../helpers/conversations.js';

const now = new Date('2027-07-01T02:00:00Z');
let bot: TestBot;
beforeAll(async () => {
  bot = await startBot('unlink', {}, () => now);
});
afterAll(async () => bot.cleanup());

const web = (sessionId: string): ChatDriver => ({
  async send(input) {
    return (
      await request(bot.app)
        .post('/api/chat')
        .send({ sessionId, ...input })
        .expect(200)
    ).body.replies as OutboundMessage[];
  },
});

/**
 * Every key under the bot's prefix with its value, split into tokens (runs of base64url characters), the
 * prefix itself left out. Tokens of 16 characters or more are pseudonyms, tokens, sealed values and codes;
 * shorter ones are field names, statuses and pieces of dates, which say nothing about who someone is.
 */
async function tokensOf(match: (key: string) => boolean): Promise<{ keys: string[]; tokens: Set<string> }> {
  const prefix = `${bot.config.redisKeyPrefix}:`;
  const records = (await keyValues(bot.redis, `${prefix}*`)).filter(([key]) => match(key));
  const tokens = new Set<string>();
  for (const [key, value] of records) {
    for (const token of `${key.slice(prefix.length)} ${JSON.stringify(value)}`.split(/[^A-Za-z0-9_-]+/)) if (token.length >= 16) tokens.add(token);
  }
  return { keys: records.map(([key]) => key), tokens };
}

describe('a report and a sign-up of one person', () => {
  it('share no stored value: the report carries a per-report token, the sign-up a sign-up pseudonym', async () => {
    const sessionId = 'one-person-reports-and-signs-up';
    const w = web(sessionId);
    await w.send({ text: 'tố giác' });
    await w.send({ payload: '#report:urgent:no' });
    await w.send({ payload: '#report:cat:theft' });
    await w.send({ payload: '#report:kcn:van-trung' });
    await w.send({ payload: '#report:skip' });
    await w.send({ text: 'sáng nay khoảng 9 giờ' });
    await w.send({ text: 'Mất trộm hai cuộn dây đồng trong kho của xưởng' });
    await w.send({ payload: '#report:photos_done' });
    await w.send({ payload: '#report:contact:no' });
    const reportCode = /TG-[23456789A-HJKMNP-Z]{6}/.exec(allText(await w.send({ payload: '#report:confirm' })))?.[0];
    expect(reportCode).toBeDefined();

    await w.send({ text: 'đăng ký sự kiện' });
    await w.send({ payload: '#signup:event:vh-dan-van-kheo' });
    await w.send({ payload: '#signup:join' });
    await w.send({ text: 'Đồng ý' });
    await w.send({ text: 'Nguyễn Thị Lan' });
    await w.send({ text: 'Công ty TNHH Sample Garment' });
    await w.send({ text: '0912345678' });
    const signupCode = /DK-[23456789A-HJKMNP-Z]{6}/.exec(allText(await w.send({ text: 'Xác nhận' })))?.[0];
    expect(signupCode).toBeDefined();

    const report = await tokensOf((k) => k.includes(':{reports}:'));
    const signup = await tokensOf((k) => k.includes(':{ev:') || k.includes(':{events}:'));
    expect(report.keys.join(' ')).toContain(`:r:${reportCode}`);
    expect(signup.keys.join(' ')).toContain(`:s:${signupCode}`);
    expect(report.tokens.size).toBeGreaterThan(5);
    expect(signup.tokens.size).toBeGreaterThan(5);
    expect([...report.tokens].filter((t) => signup.tokens.has(t))).toEqual([]);

    // Neither side holds the session pseudonym (the key of the person's chat session) either.
    const ctx = effectContext(bot, 'web', sessionId, now);
    expect(report.tokens.has(ctx.userKey) || signup.tokens.has(ctx.userKey)).toBe(false);
    expect(await bot.dumpRedis()).not.toContain(sessionId);
  });
});
