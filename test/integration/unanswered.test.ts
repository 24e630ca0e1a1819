/**
 * The FAQ's unanswered questions as stored: personal details masked before anything reaches Redis,
 * each question deleted UNANSWERED_RETENTION_DAYS after it was last asked (from Redis, not just hidden).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnansweredKeys } from '../../src/store/redis/keys.js';
import { startBot, type TestBot } from '../helpers/bot.js';

let now = new Date('2026-09-01T03:00:00Z');
let bot: TestBot;
beforeAll(async () => {
  bot = await startBot('unanswered', { UNANSWERED_RETENTION_DAYS: '10' }, () => now);
});
afterAll(async () => bot.cleanup());

const DAY = 86_400_000;
const later = (days: number) => new Date(now.getTime() + days * DAY);

describe('unanswered questions', () => {
  it('stores phone numbers, plates, codes and long digit runs masked, never as typed', async () => {
    const typed = [
      'Sđt 0912 345 678 của anh bảo vệ ca đêm là gì?',
      'xe 98B1-123.45 gửi ở bãi nào',
      'tin TG-7K3M9Q và DK-ABC234 xem ở đâu',
      'số tài khoản 1903 6541 2300 19 nhận tiền thưởng',
    ];
    for (const text of typed) await bot.faq.unanswered.record(text, now);
    const stored = (await bot.faq.unanswered.top(10)).map((q) => q.question);
    expect(stored.sort()).toEqual(
      ['so dien thoai # cua anh bao ve ca dem la gi', 'xe # gui o bai nao', 'tin # va # xem o dau', 'so tai khoan # nhan tien thuong'].sort(),
    );
    const dump = await bot.dumpRedis();
    for (const secret of ['0912', '345 678', '98B1', '98b1', '123.45', '7K3M9Q', '7k3m9q', 'ABC234', 'abc234', '1903', '6541'])
      expect(dump).not.toContain(secret);
  });

  it('deletes a question the configured number of days after it was last asked; asking again keeps it longer', async () => {
    const keys = createUnansweredKeys(bot.config.redisKeyPrefix);
    await bot.faq.unanswered.record('lich thi dau bong da o dau', now);
    await bot.faq.unanswered.record('xe buyt dua don cong nhan may gio', now);
    await bot.faq.unanswered.record('lich thi dau bong da o dau', later(6));
    now = later(11);
    const left = (await bot.faq.unanswered.top(50)).map((q) => q.question);
    expect(left).toEqual(['lich thi dau bong da o dau']);
    // Gone from every structure, not only from the answer.
    for (const key of [keys.unanswered, keys.unansweredAt]) expect(await bot.redis.zscore(key, 'xe buyt dua don cong nhan may gio')).toBeNull();
    expect(await bot.redis.hexists(keys.unansweredLast, 'xe buyt dua don cong nhan may gio')).toBe(0);
    expect(await bot.redis.ttl(keys.unanswered)).toBeLessThanOrEqual(10 * 86_400);

    now = later(6);
    await bot.faq.unanswered.prune();
    expect(await bot.redis.zcard(keys.unanswered)).toBe(0);
  });
});
