/**
 * A nock stand-in for the Graph Send API: records every request (query and body) and converts the
 * bodies back into OutboundMessage[] (text plus quick replies / template buttons as {title, payload}),
 * so conversation scripts can assert on what a Messenger user would see.
 */
import nock from 'nock';
import type { OutboundMessage } from '../../src/core/message.js';
import type { MessengerMessage, SendRequest } from '../../src/channels/messenger/schema.js';
import { GRAPH_URL, GRAPH_VERSION } from './messenger-events.js';

export const SEND_PATH = `/${GRAPH_VERSION}/me/messages`;

export interface RecordedRequest {
  query: Record<string, string>;
  body: SendRequest;
}

/**
 * Stubs `POST /me/messages` for every request until `nock.cleanAll()`; returns the recorded requests.
 * `hold(request)` may return a promise: the answer waits for it (to prove who waits for whom).
 */
export function stubSendApi(hold?: (request: RecordedRequest) => Promise<unknown> | undefined): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  nock(GRAPH_URL)
    .persist()
    .post(SEND_PATH)
    .query(true)
    .reply(async (uri, body) => {
      const recorded = { query: Object.fromEntries(new URL(uri, GRAPH_URL).searchParams), body: body as SendRequest };
      requests.push(recorded);
      await hold?.(recorded);
      return [200, { recipient_id: recorded.body.recipient.id, message_id: `m_out_${requests.length}` }];
    });
  return requests;
}

/** The message bodies sent to one PSID (sender actions left out). */
export function messagesTo(requests: RecordedRequest[], psid: string): MessengerMessage[] {
  return requests.flatMap((r) => (r.body.recipient.id === psid && 'message' in r.body ? [r.body.message] : []));
}

/** Converts one Send API message back into what the engine meant to say. */
export function toOutbound(message: MessengerMessage): OutboundMessage {
  const quick = (message.quick_replies ?? []).map((q) => ({ title: q.title, payload: q.payload }));
  if ('text' in message) return quick.length ? { text: message.text, buttons: quick } : { text: message.text };
  const { attachment } = message;
  if (attachment.type === 'image') return { text: '', image: attachment.payload.url };
  const buttons = attachment.payload.buttons.map((b) =>
    b.type === 'web_url'
      ? { title: b.title, payload: b.url, kind: 'url' as const }
      : { title: b.title, payload: b.payload, ...(b.type === 'phone_number' ? { kind: 'phone' as const } : {}) },
  );
  return { text: attachment.payload.text, buttons: [...buttons, ...quick] };
}
