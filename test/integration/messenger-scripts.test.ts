/**
 * Every shared conversation script, end to end over Messenger: signed webhooks in, Send API bodies
 * (captured by nock) out and converted back to replies. Text goes as `message.text`; payloads go as
 * quick-reply payloads when the last reply offered them, else as postbacks (buttons, menu items).
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW, scripts, type ChatDriver } from '../helpers/conversations.js';
import { MESSENGER_ENV, postbackEvent, quickReplyEvent, textEvent, webhook } from '../helpers/messenger-events.js';
import { postWebhook } from '../helpers/messenger-http.js';
import { messagesTo, stubSendApi, toOutbound, type RecordedRequest } from '../helpers/messenger-graph.js';

let bot: TestBot;
let requests: RecordedRequest[];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  bot = await startBot('messenger', MESSENGER_ENV, () => SCRIPT_NOW);
  requests = stubSendApi();
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await bot.cleanup();
});

function messengerDriver(psid: string): ChatDriver {
  let offered = new Set<string>();
  return {
    async send(input) {
      const before = messagesTo(requests, psid).length;
      const event =
        'text' in input
          ? textEvent(psid, input.text, { at: SCRIPT_NOW })
          : offered.has(input.payload)
            ? quickReplyEvent(psid, input.payload, input.payload, { at: SCRIPT_NOW })
            : postbackEvent(psid, input.payload, { at: SCRIPT_NOW });
      await postWebhook(bot.app, webhook([event]));
      await bot.intake.idle();
      const replies = messagesTo(requests, psid).slice(before);
      offered = new Set(replies.at(-1)?.quick_replies?.map((q) => q.payload) ?? []);
      return replies.map(toOutbound);
    },
  };
}

describe('messenger: conversation scripts', () => {
  for (const [i, script] of scripts.entries()) {
    it(script.name, async () => {
      const driver = messengerDriver(`71000000000${String(i).padStart(5, '0')}`);
      for (const step of script.steps) {
        const replies = await driver.send(step.send);
        expect(replies.length, 'every turn gets at least one Send API message').toBeGreaterThan(0);
        step.expect(replies);
      }
    });
  }

  it('sent every message as a RESPONSE, with the page token and appsecret_proof', () => {
    const messages = requests.filter((r) => 'message' in r.body);
    expect(messages.length).toBeGreaterThan(10);
    for (const r of messages) {
      expect(r.body).toMatchObject({ messaging_type: 'RESPONSE' });
      expect(r.query.access_token).toBe(MESSENGER_ENV.FB_PAGE_ACCESS_TOKEN);
      expect(r.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
