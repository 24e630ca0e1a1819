/** POST /webhooks/zalo against a real Redis and a nock stand-in for Zalo: signatures, every event, dedupe, ack time, privacy. */
import nock from 'nock';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymize } from '../../src/lib/crypto.js';
import { startBot, TEST_SECRET, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import { CS_OK, isolateNetwork, postWebhook, sign, stubCs, toOutbound, zaloEvent, zaloUserId, ZALO_ENV, type CsCall } from '../fixtures/zalo/harness.js';

let bot: TestBot;
let calls: CsCall[];
beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('zalohook', { ...ZALO_ENV }, () => SCRIPT_NOW);
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(async () => bot.cleanup());

/** Posts one event (signed unless told otherwise), waits for the background turn, and returns the sends. */
async function deliver(event: Record<string, unknown> | string, signature?: string | null, status = 200, answer?: Parameters<typeof stubCs>[0]): Promise<CsCall[]> {
  nock.cleanAll();
  calls = stubCs(answer);
  await postWebhook(bot.app, event, signature).expect(status);
  await bot.dispatcher.idle();
  return calls;
}

/** Every value under the bot's prefix, as text. */
async function everything(): Promise<string> {
  return bot.dumpRedis();
}

const contactKey = (userId: string) => `${bot.keys.prefix}:{u:${pseudonymize(bot.secrets.pseudonym, 'zalo', userId)}}:zalo`;

describe('signature', () => {
  it('accepts a valid signature, with or without the mac= prefix', async () => {
    expect(await deliver(zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' }))).not.toHaveLength(0);
    const event = JSON.stringify(zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' }));
    expect(await deliver(event, sign(event).slice('mac='.length))).not.toHaveLength(0);
  });

  it.each([
    ['missing', null, 'missing_signature'],
    ['wrong', `mac=${'0'.repeat(64)}`, 'bad_signature'],
    ['made with the app secret instead of the OA secret key', 'APP_SECRET', 'bad_signature'],
  ])('refuses a %s signature with 401, sends nothing and counts it', async (_name, signature, reason) => {
    const event = JSON.stringify(zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' }));
    const sig = signature === 'APP_SECRET' ? sign(event, ZALO_ENV.ZALO_APP_ID, ZALO_ENV.ZALO_APP_SECRET) : signature;
    expect(await deliver(event, sig, 401)).toHaveLength(0);
    const metrics = await request(bot.metricsApp).get('/metrics').expect(200);
    expect(metrics.text).toMatch(new RegExp(`zalo_webhook_rejected_total\\{reason="${reason}"\\} [1-9]`));
  });

  it('refuses a tampered body (signature of the original) with 401 and no call to Zalo', async () => {
    const original = JSON.stringify(zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' }));
    const tampered = original.replace('"menu"', '"help"');
    expect(await deliver(tampered, sign(original), 401)).toHaveLength(0);
  });

  it('refuses a correctly signed body that names another app', async () => {
    const event = JSON.stringify({ ...zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' }), app_id: '9999999999999999999' });
    expect(await deliver(event, undefined, 401)).toHaveLength(0);
    expect((await request(bot.metricsApp).get('/metrics')).text).toMatch(/zalo_webhook_rejected_total\{reason="wrong_app"\} 1/);
  });
});

describe('events', () => {
  it.each(['user_send_image', 'user_send_file', 'user_send_location', 'user_send_link', 'user_send_audio', 'user_send_video'])(
    '%s reaches the engine and gets an answer',
    async (name) => {
      const sent = await deliver(zaloEvent(name, { userId: zaloUserId() }));
      expect(sent.length).toBeGreaterThan(0);
      expect(toOutbound(sent).at(-1)!.buttons?.length).toBeGreaterThan(0);
    },
  );

  it('answers a sticker in a friendly way, not with an error', async () => {
    const replies = toOutbound(await deliver(zaloEvent('user_send_sticker', { userId: zaloUserId() })));
    const text = replies.map((r) => r.text).join('\n');
    expect(text).not.toContain(bot.i18n.t('vi', 'common:error'));
    expect(replies.flatMap((r) => r.buttons ?? []).map((b) => b.payload)).toContain('#festival');
  });

  it.each(['follow', 'user_click_chatnow'])('%s gets the welcome and the main menu', async (name) => {
    const userId = zaloUserId();
    const sent = await deliver(zaloEvent(name, { userId }));
    expect(sent.every((c) => c.userId === userId)).toBe(true);
    const replies = toOutbound(sent);
    expect(replies[0]!.text).toBe(bot.i18n.t('vi', 'common:welcome'));
    expect(replies.flatMap((r) => r.buttons ?? []).map((b) => b.payload)).toEqual(expect.arrayContaining(['#festival', '#slogans']));
    expect(replies.map((r) => r.text).join('\n')).toContain('Tố giác, báo tin');
  });

  it('unfollow forgets the sealed contact and answers nothing', async () => {
    const userId = zaloUserId();
    await deliver(zaloEvent('user_send_text', { userId, text: 'menu' }));
    expect(await bot.redis.exists(contactKey(userId))).toBe(1);
    expect(await deliver(zaloEvent('unfollow', { userId }))).toHaveLength(0);
    expect(await bot.redis.exists(contactKey(userId))).toBe(0);
  });

  it('user_submit_info is acknowledged and its personal data is not kept', async () => {
    const userId = zaloUserId();
    expect(await deliver(zaloEvent('user_submit_info', { userId }))).toHaveLength(0);
    expect(await bot.redis.hget(contactKey(userId), 'lastInteraction')).toMatch(/^\d+$/);
    const stored = await everything();
    for (const personal of ['84900000001', 'Nguy', 'Lô A1']) expect(stored).not.toContain(personal);
  });

  it.each(['oa_send_text', 'user_seen_message', 'add_user_to_tag'])('%s (echo, receipt or unknown) is acknowledged and never answered', async (name) => {
    expect(await deliver(zaloEvent(name, { userId: zaloUserId() }))).toHaveLength(0);
  });

  it('a signed event of a known type with a bad shape is acknowledged and ignored', async () => {
    const event = zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' });
    event.sender.id = 2400000000000000; // a number, where Zalo sends a string
    expect(await deliver(event)).toHaveLength(0);
  });
});

describe('delivery', () => {
  it.each([
    ['a message', () => zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' })],
    ['a follow (no msg_id)', () => zaloEvent('follow', { userId: zaloUserId() })],
  ])('handles %s delivered twice once', async (_name, make) => {
    const event = make();
    expect(await deliver(event)).not.toHaveLength(0);
    expect(await deliver(event)).toHaveLength(0);
  });

  it('acknowledges well within 2 s while the Zalo API is slow', async () => {
    calls = stubCs(() => CS_OK, 2_100);
    const started = Date.now();
    await postWebhook(bot.app, zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' })).expect(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    await bot.dispatcher.idle();
    expect(calls).not.toHaveLength(0);
  });

  it('does not retry a send Zalo refuses for good (outside the window) and marks the contact', async () => {
    const userId = zaloUserId();
    const refused = () => ({ error: -230, message: 'User has not interacted with the OA in the past 7 days' });
    expect(await deliver(zaloEvent('follow', { userId }), undefined, 200, refused)).toHaveLength(1); // the welcome only: the turn stops
    expect(await bot.redis.hget(contactKey(userId), 'undeliverable')).toBe('-230');
    expect((await request(bot.metricsApp).get('/metrics')).text).toMatch(/bot_errors_total\{where="send_window_closed"\} 1/);
  });

  it('answers 503 (so Zalo redelivers) when Redis is down before the event is claimed', async () => {
    const down = await startBot('zalodown', { ...ZALO_ENV });
    await down.cleanup();
    calls = stubCs();
    const res = await postWebhook(down.app, zaloEvent('user_send_text', { userId: zaloUserId(), text: 'menu' })).expect(503);
    expect(res.body.error.code).toBe('unavailable');
    await down.dispatcher.idle();
    expect(calls).toHaveLength(0);
  });
});

describe('privacy', () => {
  it('keeps no Zalo user id, token or message text in plaintext in Redis', async () => {
    const userId = zaloUserId();
    await deliver(zaloEvent('user_send_text', { userId, text: 'ngay hoi secret-words' }));
    await deliver(zaloEvent('follow', { userId }));
    const keys = await bot.keysInRedis();
    expect(keys.some((k) => k.endsWith(':zalo:tokens'))).toBe(true);
    for (const key of keys) expect(key).not.toContain(userId);
    const stored = await everything();
    for (const secret of [userId, ZALO_ENV.ZALO_ACCESS_TOKEN, ZALO_ENV.ZALO_REFRESH_TOKEN, 'secret-words', TEST_SECRET]) {
      expect(stored).not.toContain(secret);
    }
  });
});
