/**
 * The messaging window over a real Redis: the engine records when the user last wrote, and the
 * sender allows automated messages within 24 hours only, an officer's message with HUMAN_AGENT up
 * to 7 days when FB_HUMAN_AGENT_TAG=true, and refuses the rest with `window_closed` and no call.
 */
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient } from '../../src/channels/messenger/client.js';
import { createMessengerSender, type MessengerSender } from '../../src/channels/messenger/send.js';
import { pseudonymize } from '../../src/lib/crypto.js';
import { createLogger } from '../../src/lib/logger.js';
import { createRedisSessionStore } from '../../src/store/redis/session-store.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import { GRAPH_URL, MESSENGER_ENV, textEvent, webhook } from '../helpers/messenger-events.js';
import { postWebhook } from '../helpers/messenger-http.js';
import { SEND_PATH, stubSendApi, type RecordedRequest } from '../helpers/messenger-graph.js';

const HOUR = 3600 * 1000;
const PSID = '7300000000000001';
const question = [{ text: 'Cán bộ hỏi thêm: bạn thấy việc này ở phân xưởng nào?' }];

let now = SCRIPT_NOW;
let bot: TestBot;
let requests: RecordedRequest[];

/** A sender as later code would build it (for example the reports service), over the bot's Redis. */
function sender(humanAgentTag: boolean): MessengerSender {
  const sessions = createRedisSessionStore(bot.redis, bot.keys, 60);
  return createMessengerSender({
    client: createGraphClient({ config: bot.config.messenger!, logger: createLogger('silent'), retry: { attempts: 1 } }),
    userKey: (psid) => pseudonymize(bot.secrets.pseudonym, 'messenger', psid),
    lastSeen: (userKey) => sessions.lastSeen(userKey),
    clock: () => now,
    humanAgentTag,
  });
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  bot = await startBot('messenger-window', { ...MESSENGER_ENV, FB_HUMAN_AGENT_TAG: 'true' }, () => now);
  requests = stubSendApi();
  await postWebhook(bot.app, webhook([textEvent(PSID, 'menu', { at: SCRIPT_NOW })]));
  await bot.intake.idle();
});
beforeEach(() => {
  requests.length = 0;
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await bot.cleanup();
});

describe('messenger: messaging window', () => {
  it('reads the config switch FB_HUMAN_AGENT_TAG', () => {
    expect(bot.config.messenger?.humanAgentTag).toBe(true);
  });

  it('inside 24 hours: replies go as RESPONSE, later bot messages as UPDATE, an officer as RESPONSE', async () => {
    now = new Date(SCRIPT_NOW.getTime() + 23 * HOUR);
    const s = sender(true);
    expect(await s.send(PSID, question)).toEqual({ ok: true, sent: 1 });
    expect(await s.sendAs(PSID, question, 'bot')).toEqual({ ok: true, sent: 1 });
    expect(await s.sendAsHuman(PSID, question)).toEqual({ ok: true, sent: 1 });
    expect(requests.map((r) => r.body)).toEqual([
      { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: question[0]!.text } },
      { recipient: { id: PSID }, messaging_type: 'UPDATE', message: { text: question[0]!.text } },
      { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: question[0]!.text } },
    ]);
  });

  it('after 24 hours: refuses automated messages without calling Meta; an officer goes with HUMAN_AGENT', async () => {
    now = new Date(SCRIPT_NOW.getTime() + 25 * HOUR);
    const s = sender(true);
    expect(await s.send(PSID, question)).toEqual({ ok: false, reason: 'window_closed', sent: 0, code: 'window_closed' });
    expect(await s.sendAs(PSID, question, 'bot')).toMatchObject({ ok: false, reason: 'window_closed' });
    expect(requests).toHaveLength(0);
    expect(await s.sendAsHuman(PSID, question)).toEqual({ ok: true, sent: 1 });
    expect(requests.map((r) => r.body)).toEqual([
      { recipient: { id: PSID }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: question[0]!.text } },
    ]);
  });

  it('registers the sender for pushes outside a turn, where `{human: true}` marks an officer', async () => {
    now = new Date(SCRIPT_NOW.getTime() + 25 * HOUR);
    const registered = bot.senders.messenger!;
    expect(registered.channel).toBe('messenger');
    expect(await registered.send(PSID, question)).toMatchObject({ ok: false, reason: 'window_closed' });
    expect(await registered.send(PSID, question, { human: true })).toEqual({ ok: true, sent: 1 });
    expect(requests.map((r) => r.body)).toEqual([expect.objectContaining({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })]);
  });

  it('without Meta approval (FB_HUMAN_AGENT_TAG off) the officer waits for the user too', async () => {
    now = new Date(SCRIPT_NOW.getTime() + 25 * HOUR);
    expect(await sender(false).sendAsHuman(PSID, question)).toMatchObject({ ok: false, reason: 'window_closed' });
    expect(requests).toHaveLength(0);
  });

  it('after 7 days nobody may write, and a user who never wrote is unreachable', async () => {
    now = new Date(SCRIPT_NOW.getTime() + 7 * 24 * HOUR + 60_000);
    expect(await sender(true).sendAsHuman(PSID, question)).toMatchObject({ ok: false, reason: 'window_closed' });
    now = SCRIPT_NOW;
    expect(await sender(true).sendAsHuman('7300000000009999', question)).toMatchObject({ ok: false, reason: 'window_closed' });
    expect(requests).toHaveLength(0);
  });

  it('a new message from the user reopens the window', async () => {
    now = new Date(SCRIPT_NOW.getTime() + 30 * HOUR);
    await postWebhook(bot.app, webhook([textEvent(PSID, 'menu', { at: now })]));
    await bot.intake.idle();
    expect(requests.map((r) => r.body)).toEqual([expect.objectContaining({ recipient: { id: PSID }, messaging_type: 'RESPONSE' })]);
    expect(await sender(false).sendAs(PSID, question, 'bot')).toEqual({ ok: true, sent: 1 });
  });

  it('maps Meta refusing a send outside its window (10/2018278) to undeliverable, without retrying', async () => {
    now = new Date(SCRIPT_NOW.getTime() + 31 * HOUR);
    nock.cleanAll();
    const scope = nock(GRAPH_URL)
      .post(SEND_PATH)
      .query(true)
      .reply(400, {
        error: {
          message: '(#10) This message is sent outside of allowed window.',
          type: 'OAuthException',
          code: 10,
          error_subcode: 2018278,
          fbtrace_id: 'Atrace',
        },
      });
    expect(await sender(true).sendAs(PSID, question, 'bot')).toEqual({ ok: false, reason: 'undeliverable', sent: 0, code: '10/2018278', retryable: false });
    expect(scope.isDone()).toBe(true);
    requests = stubSendApi();
  });
});
