/**
 * Messenger as Meta behaves, through the webhook, the engine and the Graph client against nock:
 * emergency short codes go as text (Meta refuses them in call buttons), a message whose buttons Meta
 * refuses is sent again without them, and an m.me link's `ref` reaches its flow for a person opening a
 * new thread (Get Started postback with the referral) and for one who already has a thread
 * (`messaging_referrals`).
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW, allPayloads } from '../helpers/conversations.js';
import { GRAPH_URL, MESSENGER_ENV, postbackEvent, referralEvent, textEvent, webhook } from '../helpers/messenger-events.js';
import { SEND_PATH, messagesTo, stubSendApi, toOutbound, type RecordedRequest } from '../helpers/messenger-graph.js';
import { postWebhook } from '../helpers/messenger-http.js';
import type { MessengerMessage, SendRequest } from '../../src/channels/messenger/schema.js';

let bot: TestBot;
let requests: RecordedRequest[];
let n = 0;
const newPsid = () => `73000000000${String((n += 1)).padStart(5, '0')}`;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  bot = await startBot('messenger-platform', MESSENGER_ENV, () => SCRIPT_NOW);
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await bot.cleanup();
});

/** Posts events and waits for their turns. */
async function post(...events: Record<string, unknown>[]) {
  await postWebhook(bot.app, webhook(events));
  await bot.intake.idle();
}

const templateButtons = (messages: MessengerMessage[]) =>
  messages.flatMap((m) => ('attachment' in m && m.attachment.type === 'template' ? m.attachment.payload.buttons : []));

describe('Messenger emergency numbers', () => {
  it('sends 113, 114 and 115 as text, with no call button Meta would refuse', async () => {
    requests = stubSendApi();
    const psid = newPsid();
    await post(textEvent(psid, 'menu', { at: SCRIPT_NOW }));
    await post(postbackEvent(psid, '#report', { at: SCRIPT_NOW }), postbackEvent(psid, '#report:urgent:yes', { at: SCRIPT_NOW }));
    const sent = messagesTo(requests, psid);
    const texts = sent.map((m) => toOutbound(m).text).join('\n');
    for (const number of ['113', '114', '115']) expect(texts).toContain(number);
    expect(templateButtons(sent).filter((b) => b.type === 'phone_number')).toEqual([]);
    // The report goes on: the category question follows with its choices.
    expect(allPayloads(sent.map(toOutbound))).toContain('#report:cat:theft');
  });
});

describe('Messenger buttons Meta refuses', () => {
  it('sends the reply again as text when Meta refuses its call button, so the number is not lost', async () => {
    const bodies: SendRequest[] = [];
    nock(GRAPH_URL)
      .persist()
      .post(SEND_PATH)
      .query(true)
      .reply((_uri, body) => {
        const request = body as SendRequest;
        bodies.push(request);
        const template = 'message' in request && 'attachment' in request.message;
        return template
          ? [400, { error: { message: '(#100) Invalid phone number', type: 'OAuthException', code: 100, fbtrace_id: 'AbC' } }]
          : [200, { recipient_id: request.recipient.id, message_id: `m_${bodies.length}` }];
      });
    const psid = newPsid();
    await post(textEvent(psid, 'menu', { at: SCRIPT_NOW }));
    bodies.length = 0;
    const reply = { text: 'Trực ban KCN Đình Trám:', buttons: [{ title: 'Gọi trực ban', payload: '+84 204 0000 001', kind: 'phone' as const }] };
    expect(await bot.senders.messenger!.send(psid, [reply])).toEqual({ ok: true, sent: 1 });
    expect(bodies.map((b) => ('message' in b ? b.message : undefined))).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Trực ban KCN Đình Trám:',
            buttons: [{ type: 'phone_number', title: 'Gọi trực ban', payload: '+842040000001' }],
          },
        },
      },
      { text: 'Trực ban KCN Đình Trám:\nGọi trực ban: +842040000001' },
    ]);
    expect(await bot.metrics.registry.getSingleMetricAsString('messenger_buttons_refused_total')).toMatch(/code="100"\} 1/);
  });
});

describe('m.me links (Get Started alone, no ice breakers)', () => {
  it('routes ref=report for a person opening a new thread: the Get Started postback carries the referral', async () => {
    requests = stubSendApi();
    const psid = newPsid();
    await post(postbackEvent(psid, 'GET_STARTED', { at: SCRIPT_NOW, ref: 'report', title: 'Bắt đầu' }));
    const replies = messagesTo(requests, psid).map(toOutbound);
    expect(replies[0]!.text).toContain('Tin báo của bạn được giữ ẩn danh');
    expect(allPayloads(replies)).toEqual(['#report:urgent:yes', '#report:urgent:no']);
  });

  it('routes ref=signup-<id> for a person who already has a thread, even in the middle of another flow', async () => {
    requests = stubSendApi();
    const psid = newPsid();
    await post(textEvent(psid, 'menu', { at: SCRIPT_NOW }), postbackEvent(psid, '#festival', { at: SCRIPT_NOW }));
    const before = messagesTo(requests, psid).length;
    await post(referralEvent(psid, 'signup-dt-le-khai-mac', { at: SCRIPT_NOW }));
    const replies = messagesTo(requests, psid).slice(before).map(toOutbound);
    expect(replies.map((r) => r.text).join('\n')).toContain('(sự kiện mẫu) Lễ ra mắt Tổ tự quản');
    expect(allPayloads(replies)).toEqual(['#signup:join', '#signup:back']);
  });
});

describe('Messenger replay window', () => {
  it('acknowledges a correctly signed event from 2020 and runs no turn', async () => {
    requests = stubSendApi();
    const psid = newPsid();
    await post(textEvent(psid, 'menu', { at: new Date('2020-03-01T02:00:00Z') }));
    expect(messagesTo(requests, psid)).toEqual([]);
    expect(await bot.metrics.registry.getSingleMetricAsString('messenger_events_skipped_total')).toMatch(/reason="stale"\} 1/);
    await post(textEvent(psid, 'menu', { at: new Date(SCRIPT_NOW.getTime() - 5 * 3600_000) }));
    expect(messagesTo(requests, psid).length).toBeGreaterThan(0);
  });
});
