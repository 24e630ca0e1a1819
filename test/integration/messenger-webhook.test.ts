/**
 * The Messenger webhook over HTTP with a real Redis and a nock'd Graph API: the verification
 * handshake, signatures, batching, duplicates, skipped events, quick replies, postbacks, referrals,
 * the fast acknowledgement and the 503 path.
 */
import nock from 'nock';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { InboundMessage } from '../../src/core/message.js';
import { pseudonymize } from '../../src/lib/crypto.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW, allPayloads, allText } from '../helpers/conversations.js';
import {
  APP_SECRET,
  MESSENGER_ENV,
  VERIFY_TOKEN,
  deliveryEvent,
  echoEvent,
  fixture,
  postbackEvent,
  quickReplyEvent,
  readEvent,
  referralEvent,
  sign,
  textEvent,
  webhook,
} from '../helpers/messenger-events.js';
import { messagesTo, stubSendApi, toOutbound, type RecordedRequest } from '../helpers/messenger-graph.js';
import { WEBHOOK_PATH as PATH, postWebhook } from '../helpers/messenger-http.js';

let bot: TestBot;
let requests: RecordedRequest[];
let n = 0;
/** While set, Send API answers to this PSID wait for `release`. */
let held: { psid: string; gate: Promise<void> } | undefined;
const newPsid = () => `72000000000${String((n += 1)).padStart(5, '0')}`;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  bot = await startBot('messenger-webhook', MESSENGER_ENV, () => SCRIPT_NOW);
  requests = stubSendApi((r) => (held && r.body.recipient.id === held.psid ? held.gate : undefined));
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await bot.cleanup();
});

/** Posts exact bytes with a signature (the right one unless given) and waits for the background turns. */
async function post(body: string | object, signature?: string, status = 200) {
  const res = await postWebhook(bot.app, body, { signature, status });
  await bot.intake.idle();
  return res;
}
/** The Redis keys of one Messenger user (under their pseudonym). */
const keysOf = async (psid: string) => {
  const userKey = pseudonymize(bot.secrets.pseudonym, 'messenger', psid);
  return (await bot.keysInRedis()).filter((k) => k.includes(userKey));
};
const repliesTo = (psid: string) => messagesTo(requests, psid).map(toOutbound);
/** What the engine answers on the web channel for the same input: the reference for mapped events. */
const webReplies = async (input: Partial<InboundMessage>) =>
  bot.handle({ channel: 'web', userId: `ref-${(n += 1)}`, at: SCRIPT_NOW, event: 'message', ...input });

describe('GET /webhooks/messenger: subscription handshake', () => {
  it('echoes the raw challenge as plain text for the right token', async () => {
    const res = await request(bot.app)
      .get(PATH)
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' })
      .expect(200);
    expect(res.text).toBe('1158201444');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('echoes markup only as plain text that browsers may not sniff as a page', async () => {
    const challenge = '<script>alert(1)</script>';
    const res = await request(bot.app).get(PATH).query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': challenge }).expect(200);
    expect(res.text).toBe(challenge);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '42' }],
    ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '42' }],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '42' }],
    ['no parameters', {}],
  ])('answers 403 for %s', async (_name, query) => {
    const res = await request(bot.app).get(PATH).query(query).expect(403);
    expect(res.text).not.toContain('42');
  });
});

describe('POST /webhooks/messenger: signatures', () => {
  it('accepts a valid signature and replies to the PSID', async () => {
    const psid = newPsid();
    const res = await post(webhook([textEvent(psid, 'menu')]));
    expect(res.text).toBe('EVENT_RECEIVED');
    expect(repliesTo(psid).length).toBeGreaterThan(0);
    expect(await keysOf(psid)).not.toEqual([]);
  });

  it.each([
    ['missing', () => '', 401],
    ['signed with another secret', (raw: string) => sign(raw, 'not-the-app-secret'), 403],
    ['SHA-1 only (legacy header format)', () => 'sha1=0123456789abcdef0123456789abcdef01234567', 403],
    ['not hex', () => `sha256=${'z'.repeat(64)}`, 403],
  ])('refuses a signature that is %s, and processes nothing', async (_name, signature, status) => {
    const psid = newPsid();
    const raw = JSON.stringify(webhook([textEvent(psid, 'menu')]));
    const before = requests.length;
    const res = await post(raw, signature(raw), status);
    expect(res.body.error.code).toBe('bad_signature');
    expect(requests.length).toBe(before);
    expect(await keysOf(psid)).toEqual([]);
    const metrics = await request(bot.metricsApp).get('/metrics');
    expect(metrics.text).toMatch(/messenger_webhook_rejected_total\{reason="signature_(missing|mismatch|malformed)"\} [1-9]/);
  });

  it('refuses a tampered body signed for other bytes', async () => {
    const psid = newPsid();
    const signed = JSON.stringify(webhook([textEvent(psid, 'menu', { mid: 'm_tamper' })]));
    const tampered = signed.replace('"menu"', '"help"');
    const before = requests.length;
    await post(tampered, sign(signed), 403);
    expect(requests.length).toBe(before);
    expect(messagesTo(requests, psid)).toEqual([]);
  });

  it('verifies non-ASCII text over the raw bytes Meta sent (\\uXXXX escapes), not a re-serialisation', async () => {
    const raw = fixture('text-non-ascii.json');
    expect(raw).toContain('h\\u1ed9i');
    expect(sign(JSON.stringify(JSON.parse(raw)))).not.toBe(sign(raw));
    await post(raw);
    const replies = repliesTo('7100000000000042');
    expect(allText(replies)).toContain('Mục đích');
  });

  it('verifies a body with raw UTF-8 text as well', async () => {
    const psid = newPsid();
    await post(webhook([textEvent(psid, 'khẩu hiệu ✊')]));
    expect(allText(repliesTo(psid))).toContain('Bảo vệ Tổ quốc');
  });
});

describe('POST /webhooks/messenger: events', () => {
  it('answers a signed "menu" with a Send API call to the PSID carrying the menu as quick replies', async () => {
    const psid = newPsid();
    await post(webhook([textEvent(psid, 'menu')]));
    const sent = requests.filter((r) => r.body.recipient.id === psid);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.query).toEqual({ access_token: MESSENGER_ENV.FB_PAGE_ACCESS_TOKEN, appsecret_proof: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(sent[0]!.body).toMatchObject({ recipient: { id: psid }, messaging_type: 'RESPONSE' });
    const message = 'message' in sent[0]!.body ? sent[0]!.body.message : undefined;
    expect(message?.quick_replies?.map((q) => q.payload)).toEqual(expect.arrayContaining(['#festival', '#slogans', '#lang']));
    for (const q of message?.quick_replies ?? []) expect(q).toEqual({ content_type: 'text', title: expect.any(String), payload: expect.any(String) });
  });

  it('moves the conversation on with a quick reply payload, then with a postback', async () => {
    const psid = newPsid();
    await post(webhook([textEvent(psid, 'menu')]));
    await post(webhook([quickReplyEvent(psid, 'Ngày hội 19/8', '#festival')]));
    const festival = repliesTo(psid).slice(1);
    expect(allText(festival)).toContain('Mục đích');
    expect(allPayloads(festival)).toContain('#festival:when');
    await post(webhook([postbackEvent(psid, '#festival:when', { title: 'Thời gian' })]));
    expect(allText(repliesTo(psid).slice(festival.length + 1))).toContain('19/8');
    await post(webhook([postbackEvent(psid, '#slogans')]));
    expect(allText(repliesTo(psid))).toContain('Bảo vệ Tổ quốc Việt Nam xã hội chủ nghĩa là sự nghiệp của toàn dân');
  });

  it('answers the same mid once, whether redelivered later or twice in one batch', async () => {
    const psid = newPsid();
    const event = textEvent(psid, 'menu', { mid: 'm_dup_0001' });
    await post(webhook([event]));
    await post(webhook([event]));
    await post(webhook([event], [event]));
    expect(messagesTo(requests, psid)).toHaveLength(1);
  });

  it('handles every entry and event of a batch, and answers no echo, read, delivery or standby event', async () => {
    await post(fixture('batched.json'));
    expect(allPayloads(repliesTo('7100000000000051'))).toContain('#festival');
    expect(allText(repliesTo('7100000000000052'))).toContain('Bảo vệ Tổ quốc');
    expect(messagesTo(requests, '7100000000000053')).toEqual([]);
    expect(messagesTo(requests, '105000000000001')).toEqual([]);
    const metrics = (await request(bot.metricsApp).get('/metrics')).text;
    for (const reason of ['echo', 'read', 'delivery', 'standby']) {
      expect(metrics).toMatch(new RegExp(`messenger_events_skipped_total\\{reason="${reason}"\\} [1-9]`));
    }
  });

  it('sends nothing for a batch of echoes, reads and deliveries', async () => {
    const psid = newPsid();
    const before = requests.length;
    await post(webhook([echoEvent(psid, 'Bạn muốn xem gì?'), readEvent(psid), deliveryEvent(psid)]));
    expect(requests.length).toBe(before);
    expect(await keysOf(psid)).toEqual([]);
  });

  it('accepts every attachment type and answers each message', async () => {
    await post(fixture('attachments.json'));
    expect(messagesTo(requests, '7100000000000043').length).toBeGreaterThanOrEqual(9);
  });

  it('treats Get Started as the start of the conversation', async () => {
    const psid = newPsid();
    await post(webhook([postbackEvent(psid, 'GET_STARTED', { title: 'Bắt đầu' })]));
    expect(repliesTo(psid)).toEqual(await webReplies({ event: 'start' }));
    expect(allPayloads(repliesTo(psid))).toContain('#festival');
  });

  it.each([
    ['report', { payload: '#report' }],
    ['signup-evt42', { payload: '#signup:event:evt42' }],
    ['some-campaign', { event: 'start' as const }],
  ])('maps the referral ref=%s like the engine input %o', async (ref, input) => {
    const psid = newPsid();
    await post(webhook([referralEvent(psid, ref)]));
    // Same turn as the engine input; titles may be shortened by Messenger's 20-character limit, so compare payloads.
    expect(allPayloads(repliesTo(psid))).toEqual(allPayloads(await webReplies(input)));
    expect(repliesTo(psid).length).toBeGreaterThan(0);
  });

  it('maps a Get Started postback that carries a referral onto the referral', async () => {
    await post(fixture('get-started-referral.json'));
    expect(allPayloads(repliesTo('7100000000000061'))).toEqual(allPayloads(await webReplies({ payload: '#signup:event:evt42' })));
    expect(allPayloads(repliesTo('7100000000000061'))).toContain('#signup:event:dt-le-khai-mac');
  });

  it('acknowledges without waiting for the Send API', async () => {
    const psid = newPsid();
    let release!: () => void;
    held = { psid, gate: new Promise<void>((resolve) => (release = resolve)) };
    await postWebhook(bot.app, webhook([textEvent(psid, 'menu')]));
    await vi.waitFor(() => expect(messagesTo(requests, psid)).toHaveLength(1));
    release();
    held = undefined;
    await bot.intake.idle();
  });

  it('answers 503 when Redis fails before the acknowledgement, and handles the redelivery once', async () => {
    const psid = newPsid();
    const body = webhook([textEvent(psid, 'menu', { mid: 'm_503_1' }), textEvent(psid, 'khẩu hiệu', { mid: 'm_503_2' })]);
    const firstSeen = bot.intake.firstSeen.bind(bot.intake);
    let calls = 0;
    vi.spyOn(bot.intake, 'firstSeen').mockImplementation(async (msg) => {
      calls += 1;
      if (calls === 2) throw new AppError('STORE_UNAVAILABLE', 'Redis operation failed');
      return firstSeen(msg);
    });
    const res = await post(body, undefined, 503);
    expect(res.body.error.code).toBe('unavailable');
    expect(messagesTo(requests, psid)).toHaveLength(1);
    vi.restoreAllMocks();
    await post(body);
    const replies = repliesTo(psid);
    expect(allPayloads(replies.slice(0, 1))).toContain('#festival');
    expect(allText(replies.slice(1))).toContain('Bảo vệ Tổ quốc');
    await post(body);
    expect(repliesTo(psid)).toHaveLength(replies.length);
  });

  it('acknowledges and ignores other webhook objects, and refuses a signed body of the wrong shape', async () => {
    const before = requests.length;
    await post({ object: 'instagram', entry: [] });
    await post({ object: 'page', entry: 'nope' }, undefined, 400);
    expect(requests.length).toBe(before);
  });
});

/** Any key's value as text, whatever its Redis type. */
async function valueAt(key: string): Promise<string> {
  const r = bot.redis;
  const read: Record<string, () => Promise<unknown>> = {
    string: () => r.get(key),
    hash: () => r.hgetall(key),
    list: () => r.lrange(key, 0, -1),
    set: () => r.smembers(key),
    zset: () => r.zrange(key, 0, -1, 'WITHSCORES'),
    stream: () => r.xrange(key, '-', '+'),
  };
  return JSON.stringify((await read[await r.type(key)]?.()) ?? null);
}

describe('privacy', () => {
  it('keeps no PSID, text or secret in Redis', async () => {
    const psid = '7299999999999999';
    await post(webhook([textEvent(psid, 'tôi tên là Nguyễn Văn Bí mật')]));
    await post(webhook([textEvent(psid, 'ngôn ngữ')]));
    for (const key of await bot.keysInRedis()) {
      expect(key).not.toContain(psid);
      const value = await valueAt(key);
      for (const secret of [psid, 'Bí mật', APP_SECRET, MESSENGER_ENV.FB_PAGE_ACCESS_TOKEN!]) expect(value).not.toContain(secret);
    }
  });
});
