/**
 * Messenger webhook test data: credentials, the page id, event builders in Meta's shapes and the
 * `X-Hub-Signature-256` signer. Ids are made up; they only look like the real ones.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const PAGE_ID = '105000000000001';
export const PAGE_TOKEN = 'EAAGtest-page-token-never-logged';
export const APP_SECRET = 'fb-app-secret-for-tests-0123456789';
export const VERIFY_TOKEN = 'verify-token-for-tests';
export const GRAPH_URL = 'http://graph.test';
export const GRAPH_VERSION = 'v25.0';

/** Environment that switches the Messenger channel on against the nock'd Graph API. */
export const MESSENGER_ENV: Record<string, string> = {
  FB_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
  FB_APP_SECRET: APP_SECRET,
  FB_VERIFY_TOKEN: VERIFY_TOKEN,
  FB_GRAPH_API_URL: GRAPH_URL,
};

/** The header value Meta would send for these exact bytes. */
export function sign(raw: string | Buffer, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/** A recorded payload from this folder, as its exact bytes. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/messenger/${name}`, import.meta.url), 'utf8');
}

type Event = Record<string, unknown>;
let seq = 0;
const mid = () => `m_test${(seq += 1).toString().padStart(6, '0')}`;

/** Common event fields; `at` defaults to now. */
const base = (psid: string, at: Date | number = Date.now()) => ({
  sender: { id: psid },
  recipient: { id: PAGE_ID },
  timestamp: typeof at === 'number' ? at : at.getTime(),
});

export const textEvent = (psid: string, text: string, o: { mid?: string; at?: Date | number } = {}): Event => ({
  ...base(psid, o.at),
  message: { mid: o.mid ?? mid(), text },
});

export const quickReplyEvent = (psid: string, title: string, payload: string, o: { mid?: string; at?: Date | number } = {}): Event => ({
  ...base(psid, o.at),
  message: { mid: o.mid ?? mid(), text: title, quick_reply: { payload } },
});

export const postbackEvent = (psid: string, payload: string, o: { mid?: string; at?: Date | number; ref?: string; title?: string } = {}): Event => ({
  ...base(psid, o.at),
  postback: {
    mid: o.mid ?? mid(),
    title: o.title ?? 'Button',
    payload,
    ...(o.ref ? { referral: { ref: o.ref, source: 'SHORTLINK', type: 'OPEN_THREAD' } } : {}),
  },
});

export const referralEvent = (psid: string, ref: string | undefined, o: { at?: Date | number } = {}): Event => ({
  ...base(psid, o.at),
  referral: { ...(ref !== undefined ? { ref } : {}), source: 'SHORTLINK', type: 'OPEN_THREAD' },
});

/** The page's own message coming back: sender and recipient swapped. */
export const echoEvent = (psid: string, text: string): Event => ({
  sender: { id: PAGE_ID },
  recipient: { id: psid },
  timestamp: Date.now(),
  message: { mid: mid(), is_echo: true, app_id: 1234567890, text },
});

export const readEvent = (psid: string): Event => ({ ...base(psid), read: { watermark: Date.now() } });
export const deliveryEvent = (psid: string): Event => ({ ...base(psid), delivery: { mids: [mid()], watermark: Date.now() } });

/** One webhook body: one entry per list of events (several lists: a batch of entries). */
export function webhook(...entries: Event[][]): { object: 'page'; entry: unknown[] } {
  return {
    object: 'page',
    entry: entries.map((messaging, i) => ({ id: PAGE_ID, time: Date.now() + i, messaging })),
  };
}
