/**
 * Test harness for the Zalo channel: anonymised webhook payloads from this folder, signed like Zalo
 * signs them, a nock stand-in for `POST /v3.0/oa/message/cs` that records every send, and a
 * ChatDriver that runs the shared conversation scripts over Zalo.
 */
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import nock from 'nock';
import request from 'supertest';
import type { ZaloTokenRecord } from '../../src/channels/zalo/tokens.js';
import { zaloMac } from '../../src/channels/zalo/verify.js';
import type { OutboundMessage } from '../../src/core/message.js';
import { seal, unseal } from '../../src/lib/crypto.js';
import { createZaloKeys } from '../../src/store/redis/keys.js';
import type { TestBot } from './bot.js';
import type { ChatDriver } from './conversations.js';

export const API = 'http://zalo.test';
export const OAUTH = 'http://oauth.zalo.test';
export const CS_PATH = '/v3.0/oa/message/cs';
export const TOKEN_PATH = '/v4/oa/access_token';

/** The environment of a bot with the Zalo channel on, pointed at the stand-ins. */
export const ZALO_ENV = {
  ZALO_APP_ID: '1000000000000000001',
  ZALO_APP_SECRET: 'app-secret-for-tests-only',
  ZALO_OA_SECRET_KEY: 'oa-secret-key-for-tests-only',
  ZALO_ACCESS_TOKEN: 'seed-access-token-XYZ',
  ZALO_REFRESH_TOKEN: 'seed-refresh-token-XYZ',
  ZALO_API_BASE_URL: API,
  ZALO_OAUTH_BASE_URL: OAUTH,
} as const;

/** Blocks the network except the local app and Redis; call in beforeAll, with `nock.cleanAll()` after. */
export function isolateNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

export type Json = Record<string, any>;

let sequence = 0;
/** A Zalo id-like decimal string beyond 2^53, unique in the run. */
export const zaloUserId = (n = ++sequence) => `24${String(Date.now()).slice(-8)}${String(n).padStart(9, '0')}`;

/**
 * A fixture event for `userId`, with our app id, a fresh `msg_id` and a fresh timestamp: now (the test's
 * clock, faked or not) plus a sequence number, so follow-like events without a msg_id are distinct and
 * no event is older than the replay window; `at` sets the time instead. `text` when given.
 */
export function zaloEvent(name: string, opts: { userId?: string; text?: string; at?: Date } = {}): Json {
  const event = JSON.parse(readFileSync(new URL(`../fixtures/zalo/${name}.json`, import.meta.url), 'utf8')) as Json;
  const n = ++sequence;
  event.app_id = ZALO_ENV.ZALO_APP_ID;
  event.timestamp = String((opts.at?.getTime() ?? Date.now()) + n);
  if (opts.userId) {
    if (event.follower) event.follower.id = opts.userId;
    else if (event.user_id) event.user_id = opts.userId;
    else if (event.event_name.startsWith('oa_')) event.recipient.id = opts.userId;
    else event.sender.id = opts.userId;
  }
  if (event.message?.msg_id) event.message.msg_id = `m${n.toString(16).padStart(8, '0')}${Date.now().toString(16)}`;
  if (opts.text !== undefined) event.message.text = opts.text;
  return event;
}

/** The `X-ZEvent-Signature` Zalo would send for these body bytes. */
export function sign(raw: string, appId: string = ZALO_ENV.ZALO_APP_ID, key: string = ZALO_ENV.ZALO_OA_SECRET_KEY): string {
  const timestamp = String((JSON.parse(raw) as Json).timestamp);
  return `mac=${zaloMac(appId, Buffer.from(raw, 'utf8'), timestamp, key)}`;
}

/** Posts a webhook; signed correctly unless `signature` is given (`null`: no header). */
export function postWebhook(app: Express, event: Json | string, signature?: string | null): request.Test {
  const raw = typeof event === 'string' ? event : JSON.stringify(event);
  const req = request(app).post('/webhooks/zalo').set('content-type', 'application/json');
  const sig = signature === undefined ? sign(raw) : signature;
  if (sig !== null) req.set('x-zevent-signature', sig);
  return req.send(raw);
}

/** One CS send the stand-in received. */
export interface CsCall {
  userId: string;
  accessToken: string;
  message: Json;
}

/** Zalo's success answer to a CS send. */
export const CS_OK = { error: 0, message: 'Success', data: { message_id: '63ecf43f0df7dba892e6', user_id: '0' } };

/**
 * Stands in for one endpoint until `nock.cleanAll()`: records every call as `read(headers, body)`
 * and answers 200 with `answer(call)`, after `delayMs`.
 */
function standIn<T>(base: string, path: string, read: (headers: Json, body: unknown) => T, answer: (call: T) => Json, delayMs = 0): T[] {
  const calls: T[] = [];
  nock(base)
    .persist()
    .post(path)
    .delay(delayMs)
    .reply(function (_uri, body) {
      const call = read(this.req.headers, body);
      calls.push(call);
      return [200, answer(call)];
    });
  return calls;
}

/** Stands in for `POST /v3.0/oa/message/cs`: records every send, answers success unless told otherwise. */
export function stubCs(answer: (call: CsCall) => Json = () => CS_OK, delayMs = 0): CsCall[] {
  const read = (headers: Json, body: unknown): CsCall => {
    const b = body as Json;
    return { userId: b.recipient?.user_id, accessToken: String(headers.access_token), message: b.message };
  };
  return standIn(API, CS_PATH, read, answer, delayMs);
}

/** Reads sends back as replies: text, plus the `oa.query.*` buttons as {title, payload}. */
export function toOutbound(calls: CsCall[]): OutboundMessage[] {
  return calls
    .filter((c) => typeof c.message.text === 'string')
    .map((c) => {
      const buttons = ((c.message.attachment?.payload?.buttons ?? []) as Json[])
        .filter((b) => String(b.type).startsWith('oa.query.'))
        .map((b) => ({ title: String(b.title), payload: String(b.payload) }));
      return buttons.length ? { text: c.message.text as string, buttons } : { text: c.message.text as string };
    });
}

/**
 * Drives a conversation over Zalo: typed text and button clicks both arrive as signed
 * `user_send_text` (a click's text is its payload); returns what the stand-in received for the user.
 */
export function zaloDriver(bot: { app: Express; intake: { idle(): Promise<void> } }, calls: CsCall[], userId: string): ChatDriver {
  return {
    async send(input) {
      const from = calls.length;
      const text = 'text' in input ? input.text : input.payload;
      await postWebhook(bot.app, zaloEvent('user_send_text', { userId, text })).expect(200);
      await bot.intake.idle();
      return toOutbound(calls.slice(from).filter((c) => c.userId === userId));
    },
  };
}

/** The token record of a bot, with its tokens decrypted. */
export async function storedTokens(bot: TestBot): Promise<ZaloTokenRecord & { refresh?: string }> {
  const raw = await bot.redis.get(createZaloKeys(bot.keys).tokens);
  if (!raw) throw new Error('no Zalo token record');
  const rec = JSON.parse(raw) as ZaloTokenRecord;
  const key = bot.secrets.encryption;
  return { ...rec, access: unseal(key, rec.access), ...(rec.refresh ? { refresh: unseal(key, rec.refresh) } : {}) };
}

/** Writes a token record for a bot, as if it had refreshed earlier. */
export async function storeTokens(bot: TestBot, t: { access: string; refresh: string; expiresAt?: number }): Promise<void> {
  const key = bot.secrets.encryption;
  const rec: ZaloTokenRecord = {
    v: 1,
    access: seal(key, t.access),
    refresh: seal(key, t.refresh),
    ...(t.expiresAt ? { expiresAt: t.expiresAt } : {}),
    source: 'refresh',
    updatedAt: Date.now(),
    lastRefreshAt: Date.now(),
  };
  await bot.redis.set(createZaloKeys(bot.keys).tokens, JSON.stringify(rec));
}

/** One call the OAuth stand-in received. */
export interface OAuthCall {
  form: Record<string, string>;
  secretKey: string;
  contentType: string;
}

/** Stands in for the token endpoint, answering `answer()` to every call. */
export function stubOAuth(answer: () => Json, delayMs = 0): OAuthCall[] {
  const read = (headers: Json, body: unknown): OAuthCall => ({
    form: Object.fromEntries(new URLSearchParams(String(body))),
    secretKey: String(headers.secret_key),
    contentType: String(headers['content-type']),
  });
  return standIn(OAUTH, TOKEN_PATH, read, answer, delayMs);
}

/** Zalo's answer to a successful refresh. */
export const granted = (access: string, refresh: string) => ({ access_token: access, refresh_token: refresh, expires_in: '90000' });
