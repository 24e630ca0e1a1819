/**
 * Waiting messages against the real Redis: both inboxes (later messages and the reports inbox) are
 * read at the start of a turn and emptied only once the turn is saved, so a failed turn loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';
import { pseudonymize } from '../../src/lib/crypto.js';
import { createReportKeys } from '../../src/store/redis/keys.js';
import { peekList, pushList } from '../../src/store/redis/atomic.js';
import { createRedisInbox } from '../../src/store/redis/inbox.js';
import { effectContext, startBot, type TestBot } from '../helpers/bot.js';
import { failScriptOnce } from '../helpers/redis.js';
import { createRedisReportStore } from '../../src/store/redis/reports.js';

const now = new Date('2026-08-05T02:00:00Z');
let bot: TestBot;
beforeAll(async () => {
  bot = await startBot('inboxack', {}, () => now);
});
afterAll(async () => bot.cleanup());

const allText = (r: OutboundMessage[]) => r.map((m) => m.text).join('\n');
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** A web-chat reporter with one report filed, and the keys of both inboxes. */
const reportStore = () => createRedisReportStore(bot.redis, bot.config.redisKeyPrefix, bot.secrets.encryption);

async function reporter(userId: string) {
  const ctx = effectContext(bot, 'web', userId, now);
  const { userKey } = ctx;
  const reporterKey = ctx.pseudonymFor('report');
  const signupKey = ctx.pseudonymFor('signup');
  const draft = { category: 'theft', kcn: 'quang-chau', when: 'sáng nay', description: `Mất xe máy ở bãi xe ca sáng (${userId})`, photos: [] };
  const filed = await bot.reports.reporter.submit(draft, ctx);
  const { code, key } = filed.say[0]!.params as { code: string; key: string };
  const laterKey = bot.keys.inbox(signupKey);
  const reportsKey = createReportKeys(bot.config.redisKeyPrefix).inbox(reporterKey);
  return {
    userKey,
    /** The reporter's report pseudonym, which keys the reports inbox. */
    reporterKey,
    code,
    key,
    /** A message typed in this reporter's web chat. */
    say: (text: string) => bot.handle({ channel: 'web', userId, at: new Date(), text }),
    /** A poll of the web chat: a turn that only delivers waiting messages. */
    poll: () => bot.handle({ channel: 'web', userId, at: new Date(), event: 'poll' }),
    /** An officer question the web chat cannot push: it waits in the reports inbox. */
    ask: async (text: string) => expect(await bot.reports.officer.ask(code, 'can-bo-a', text)).toEqual({ ok: true, value: { queued: true } }),
    later: (text: string) => createRedisInbox(bot.redis, bot.keys).push(signupKey, [{ key: 'common:raw', params: { text } }]),
    waiting: async () => ({ later: await bot.redis.llen(laterKey), reports: await bot.redis.llen(reportsKey) }),
    delivered: async () => (await reportStore().thread(code)).map((m) => m.delivered),
  };
}

/** Makes the next session save of `userKey` fail as a Redis error would (the save is one script on the session key). */
function failNextSave(userKey: string) {
  const sessionKey = bot.keys.session(userKey);
  failScriptOnce(bot.redis, (args) => args.includes(sessionKey));
}

describe('waiting messages survive a failed turn', () => {
  it('a turn that fails after reading both inboxes removes nothing; the next turn delivers each message exactly once', async () => {
    const r = await reporter('inbox-fail-1');
    await r.later('Nhắc lịch: hội thao chủ nhật');
    await r.ask('Bạn nhìn thấy biển số xe không?');

    failNextSave(r.userKey);
    await expect(r.poll()).rejects.toThrow();
    expect(await r.waiting()).toEqual({ later: 1, reports: 1 });
    expect(await r.delivered()).toEqual([false]);

    const text = allText(await r.poll());
    expect(count(text, 'Nhắc lịch: hội thao chủ nhật')).toBe(1);
    expect(count(text, 'Bạn nhìn thấy biển số xe không?')).toBe(1);
    expect(text.indexOf('Nhắc lịch')).toBeLessThan(text.indexOf('Bạn nhìn thấy'));
    expect(await r.waiting()).toEqual({ later: 0, reports: 0 });
    expect(await r.delivered()).toEqual([true]);
    expect(await r.poll()).toEqual([]);
  });

  it('messages pushed between the read and the ack stay for the next turn', async () => {
    const r = await reporter('inbox-race-2');
    await r.ask('Câu hỏi thứ nhất?');
    const read = bot.reports.inbox;
    bot.reports.inbox = async (userKey) => {
      const delivery = await read(userKey);
      bot.reports.inbox = read;
      await r.ask('Câu hỏi thứ hai?');
      await r.later('Tin nhắn đến sau');
      return delivery;
    };

    const first = allText(await r.poll());
    expect(first).toContain('Câu hỏi thứ nhất?');
    expect(first).not.toContain('Câu hỏi thứ hai?');
    expect(first).not.toContain('Tin nhắn đến sau');
    expect(await r.waiting()).toEqual({ later: 1, reports: 1 });
    expect(await r.delivered()).toEqual([true, false]);

    const second = allText(await r.poll());
    expect(second).not.toContain('Câu hỏi thứ nhất?');
    expect(second).toContain('Câu hỏi thứ hai?');
    expect(second).toContain('Tin nhắn đến sau');
    expect(await r.waiting()).toEqual({ later: 0, reports: 0 });
    expect(await r.delivered()).toEqual([true, true]);
  });
});

describe('reports inbox', () => {
  it('marks officer messages delivered only on ack, and shows each once however many items name the report', async () => {
    const r = await reporter('inbox-ack-3');
    await r.ask('Xe màu gì?');
    await r.ask('Lúc mấy giờ?');

    const delivery = (await bot.reports.inbox(r.reporterKey))!;
    const text = JSON.stringify(delivery.say);
    expect(count(text, 'Xe màu gì?')).toBe(1);
    expect(count(text, 'Lúc mấy giờ?')).toBe(1);
    expect(delivery.flow).toEqual({ id: 'reply', step: 'answer', data: { code: r.code, waiting: true } });
    expect(await r.delivered()).toEqual([false, false]);
    expect(await r.waiting()).toMatchObject({ reports: 2 });

    await delivery.ack!();
    expect(await r.delivered()).toEqual([true, true]);
    expect(await r.waiting()).toMatchObject({ reports: 0 });
    expect(await bot.reports.inbox(r.reporterKey)).toBeUndefined();
  });
});

describe('report lookup', () => {
  it('marks the questions it shows as delivered only once its turn is saved', async () => {
    const r = await reporter('lookup-ack-4');
    await r.ask('Người đó mặc áo màu gì?');
    // Looked up from another device, whose turn fails to save: nothing is marked, the key step is still open.
    const device = 'lookup-device-4';
    const other = (text: string) => bot.handle({ channel: 'web', userId: device, at: new Date(), text });
    await other('tra cứu');
    await other(r.code);
    failNextSave(pseudonymize(bot.secrets.pseudonym, 'web', device));
    await expect(other(r.key)).rejects.toThrow();
    expect(await r.delivered()).toEqual([false]);

    expect(allText(await other(r.key))).toContain('Người đó mặc áo màu gì?');
    expect(await r.delivered()).toEqual([true]);
  });

  it('shows a question once when the inbox delivers it in the same turn as a lookup of its report', async () => {
    const r = await reporter('lookup-inbox-5');
    await r.say('tra cứu');
    await r.say(r.code);
    await r.ask('Có ai bị thương không?');
    const text = allText(await r.say(r.key));
    expect(text).toContain(`Tin báo ${r.code}`);
    expect(count(text, 'Có ai bị thương không?')).toBe(1);
    expect(await r.delivered()).toEqual([true]);
    expect(await r.waiting()).toMatchObject({ reports: 0 });
  });
});

describe('list helpers', () => {
  const key = () => `${bot.config.redisKeyPrefix}:{t}:list`;

  it('pushList appends and sets the TTL in one step', async () => {
    await pushList(bot.redis, key(), ['a', 'b'], 100);
    await pushList(bot.redis, key(), [], 100);
    expect(await bot.redis.lrange(key(), 0, -1)).toEqual(['a', 'b']);
    expect(await bot.redis.ttl(key())).toBeGreaterThan(90);
    await bot.redis.del(key());
  });

  it('peekList drops exactly what it read, and nothing once those items are gone', async () => {
    await pushList(bot.redis, key(), ['a', 'b'], 100);
    const first = await peekList(bot.redis, key());
    const twin = await peekList(bot.redis, key()); // a second reader of the same items (a turn that lost its lock)
    await pushList(bot.redis, key(), ['c'], 100);
    await first.drop();
    expect(await bot.redis.lrange(key(), 0, -1)).toEqual(['c']);
    await twin.drop();
    expect(await bot.redis.lrange(key(), 0, -1)).toEqual(['c']);
    await bot.redis.del(key());
  });
});
