import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { GraphClient, GraphResult } from '../../../../src/channels/messenger/client.js';
import type { SendRequest } from '../../../../src/channels/messenger/schema.js';
import { HUMAN_AGENT_WINDOW_MS, STANDARD_WINDOW_MS, createMessengerSender, messagingEnvelope } from '../../../../src/channels/messenger/send.js';

const HOUR = 3600 * 1000;
const NOW = new Date('2026-08-01T03:00:00Z');

describe('messagingEnvelope: the window policy', () => {
  it.each([
    [0, 'reply', false, { messaging_type: 'RESPONSE' }],
    [23 * HOUR, 'bot', false, { messaging_type: 'UPDATE' }],
    [STANDARD_WINDOW_MS, 'reply', false, { messaging_type: 'RESPONSE' }],
    [STANDARD_WINDOW_MS, 'human', true, { messaging_type: 'RESPONSE' }],
    [STANDARD_WINDOW_MS + 1, 'reply', true, undefined],
    [STANDARD_WINDOW_MS + 1, 'bot', true, undefined],
    [25 * HOUR, 'human', true, { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }],
    [25 * HOUR, 'human', false, undefined],
    [HUMAN_AGENT_WINDOW_MS, 'human', true, { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }],
    [HUMAN_AGENT_WINDOW_MS + 1, 'human', true, undefined],
  ] as const)('%i ms after the last message, %s (tag approved: %s) → %o', (age, author, tag, expected) => {
    expect(messagingEnvelope(age, author, tag)).toEqual(expected);
  });
});

/** A Graph client that records bodies and answers with `answer(body)` after a random short pause. */
function fakeClient(answer: (body: SendRequest, n: number) => GraphResult = () => ({ ok: true, data: {}, attempts: 1 })) {
  const calls: SendRequest[] = [];
  const client: GraphClient = {
    async sendMessage(body) {
      calls.push(body);
      await sleep(Math.random() * 5);
      return answer(body, calls.length);
    },
    setProfile: async () => ({ ok: true, data: {}, attempts: 1 }),
    deleteProfileFields: async () => ({ ok: true, data: {}, attempts: 1 }),
  };
  return { client, calls };
}

function sender(client: GraphClient, seen: Date | undefined = NOW) {
  let lookups = 0;
  const s = createMessengerSender({
    client,
    userKey: (psid) => `key-${psid}`,
    lastSeen: async (key) => (lookups++, key === 'key-u1' ? seen : undefined),
    clock: () => NOW,
    humanAgentTag: true,
  });
  return { s, lookups: () => lookups };
}

const summary = (calls: SendRequest[]) => calls.map((c) => ('sender_action' in c ? c.sender_action : 'text' in c.message ? c.message.text : 'attachment'));

describe('MessengerSender', () => {
  it('sends one message without typing, as a RESPONSE to the PSID', async () => {
    const { client, calls } = fakeClient();
    expect(await sender(client).s.send('u1', [{ text: 'a' }])).toEqual({ ok: true, sent: 1 });
    expect(calls).toEqual([{ recipient: { id: 'u1' }, messaging_type: 'RESPONSE', message: { text: 'a' } }]);
  });

  it('shows typing before a reply of several messages, then sends them in order', async () => {
    const { client, calls } = fakeClient();
    expect(await sender(client).s.send('u1', [{ text: 'a' }, { text: 'b' }, { text: 'c' }])).toEqual({ ok: true, sent: 3 });
    expect(calls[0]).toEqual({ recipient: { id: 'u1' }, sender_action: 'typing_on' });
    expect(summary(calls)).toEqual(['typing_on', 'a', 'b', 'c']);
  });

  it('stops at the first failure and says how many went out', async () => {
    const { client, calls } = fakeClient((_b, n) =>
      n === 3 ? { ok: false, attempts: 1, reason: 'undeliverable', retry: 'none', code: '551' } : { ok: true, data: {}, attempts: 1 },
    );
    expect(await sender(client).s.send('u1', [{ text: 'a' }, { text: 'b' }, { text: 'c' }])).toEqual({
      ok: false,
      reason: 'undeliverable',
      sent: 1,
      code: '551',
      retryable: false,
    });
    expect(summary(calls)).toEqual(['typing_on', 'a', 'b']);
  });

  it('sends a message again without its buttons when Meta refused it for good, so the text is never lost', async () => {
    const refusedButtons = (body: SendRequest): GraphResult =>
      'message' in body && 'attachment' in body.message
        ? { ok: false, attempts: 1, reason: 'failed', retry: 'none', code: '100' }
        : { ok: true, data: {}, attempts: 1 };
    const { client, calls } = fakeClient(refusedButtons);
    const refused: string[] = [];
    const s = createMessengerSender({
      client,
      userKey: (p) => `key-${p}`,
      lastSeen: async () => NOW,
      clock: () => NOW,
      humanAgentTag: false,
      onButtonsRefused: (code) => void refused.push(code),
    });
    const reply = { text: 'Gọi trực ban KCN nếu cần.', buttons: [{ title: 'Trực ban KCN', payload: '+842040000001', kind: 'phone' as const }] };
    expect(await s.send('u1', [reply])).toEqual({ ok: true, sent: 1 });
    expect(calls.map((c) => ('message' in c ? c.message : undefined))).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Gọi trực ban KCN nếu cần.',
            buttons: [{ type: 'phone_number', title: 'Trực ban KCN', payload: '+842040000001' }],
          },
        },
      },
      { text: 'Gọi trực ban KCN nếu cần.\nTrực ban KCN: +842040000001' },
    ]);
    expect(refused).toEqual(['100']);

    // Not for a refusal about the user (blocked, outside the window) or the token, nor for plain text: no second call.
    for (const answer of [
      { ok: false, attempts: 1, reason: 'undeliverable', retry: 'none', code: '551' },
      { ok: false, attempts: 1, reason: 'failed', retry: 'none', code: '190', tokenInvalid: true },
    ] as const) {
      const other = fakeClient(() => answer);
      expect(await sender(other.client).s.send('u1', [reply])).toMatchObject({ ok: false, code: answer.code });
      expect(other.calls).toHaveLength(1);
    }
    const text = fakeClient(() => ({ ok: false, attempts: 1, reason: 'failed', retry: 'none', code: '100' }));
    expect(await sender(text.client).s.send('u1', [{ text: 'chữ' }])).toMatchObject({ ok: false, code: '100' });
    expect(text.calls).toHaveLength(1);
  });

  it('sends nothing when typing already failed', async () => {
    const { client, calls } = fakeClient(() => ({ ok: false, attempts: 1, reason: 'failed', retry: 'none', code: '190', tokenInvalid: true }));
    expect(await sender(client).s.send('u1', [{ text: 'a' }, { text: 'b' }])).toEqual({ ok: false, reason: 'failed', sent: 0, code: '190', retryable: false });
    expect(calls).toHaveLength(1);
  });

  it('says a send may succeed later when Meta kept failing for a transient reason', async () => {
    const { client } = fakeClient(() => ({ ok: false, attempts: 3, reason: 'failed', retry: 'soon', code: 'http_503' }));
    expect(await sender(client).s.send('u1', [{ text: 'a' }])).toEqual({ ok: false, reason: 'failed', sent: 0, code: 'http_503', retryable: true });
  });

  it('serialises the sends of one user, so concurrent replies never interleave', async () => {
    const { client, calls } = fakeClient();
    const { s } = sender(client);
    const results = await Promise.all([
      s.send('u1', [{ text: 'a1' }, { text: 'a2' }, { text: 'a3' }]),
      s.send('u1', [{ text: 'b1' }]),
      s.send('u1', [{ text: 'c1' }, { text: 'c2' }]),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(summary(calls)).toEqual(['typing_on', 'a1', 'a2', 'a3', 'b1', 'typing_on', 'c1', 'c2']);
  });

  it('refuses a user without a recorded window, and skips empty replies without a lookup', async () => {
    const { client, calls } = fakeClient();
    const { s, lookups } = sender(client);
    expect(await s.sendAsHuman('u2', [{ text: 'a' }])).toEqual({ ok: false, reason: 'window_closed', sent: 0, code: 'window_closed' });
    expect(lookups()).toBe(1);
    expect(await s.send('u1', [])).toEqual({ ok: true, sent: 0 });
    expect(lookups()).toBe(1);
    expect(calls).toEqual([]);
  });

  it('sends an officer message with HUMAN_AGENT between 24 hours and 7 days, and a bot message not at all', async () => {
    const { client, calls } = fakeClient();
    const { s } = sender(client, new Date(NOW.getTime() - 3 * 24 * HOUR));
    expect(await s.sendAs('u1', [{ text: 'auto' }], 'bot')).toMatchObject({ ok: false, reason: 'window_closed' });
    expect(await s.send('u1', [{ text: 'reply' }])).toMatchObject({ ok: false, reason: 'window_closed' });
    expect(await s.sendAsHuman('u1', [{ text: 'officer' }])).toEqual({ ok: true, sent: 1 });
    expect(await s.send('u1', [{ text: 'officer 2' }, { text: 'officer 3' }], { human: true })).toEqual({ ok: true, sent: 2 });
    const tagged = (text: string) => ({ recipient: { id: 'u1' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text } });
    expect(calls, 'no typing_on outside the window').toEqual([tagged('officer'), tagged('officer 2'), tagged('officer 3')]);
  });
});
