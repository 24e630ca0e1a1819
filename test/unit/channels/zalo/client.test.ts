/** The Zalo API client and sender against a nock stand-in (no real network, no Redis): error mapping, retries, backoff. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, classifyZaloError, createZaloClient, createZaloHttp, DEFAULT_RETRY, type ZaloClient } from '../../../../src/channels/zalo/client.js';
import type { ZaloContacts } from '../../../../src/channels/zalo/contacts.js';
import { createZaloImages } from '../../../../src/channels/zalo/images.js';
import { CS_PATH, createZaloSender } from '../../../../src/channels/zalo/send.js';
import type { ZaloTokens } from '../../../../src/channels/zalo/tokens.js';
import { DEFAULT_WINDOWS, windowRules, type WindowRules } from '../../../../src/core/window.js';

const API = 'http://zalo.test';
const OK = { error: 0, message: 'Success', data: { message_id: 'x' } };
const SECRET_TEXT = 'private words of the user';

let logs: string[] = [];
let delays: number[];
let refreshes: string[];

function setup(): { client: ZaloClient; tokens: ZaloTokens } {
  logs = [];
  delays = [];
  refreshes = [];
  let token = 'token-A';
  const tokens: ZaloTokens = {
    current: async () => ({ ok: true, token }),
    refreshAfterReject: async (stale) => {
      refreshes.push(stale);
      token = 'token-B';
      return { ok: true, token };
    },
    seed: async () => undefined,
    stored: async () => undefined,
    replace: async () => undefined,
  };
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const client = createZaloClient({
    http: createZaloHttp(1_000),
    apiBaseUrl: API,
    tokens,
    logger,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5,
  });
  return { client, tokens };
}

/** Queues answers for the CS endpoint and records the access token of each call. */
function answers(...replies: ([number, unknown] | 'network')[]): string[] {
  const seen: string[] = [];
  for (const r of replies) {
    const scope = nock(API).post(CS_PATH);
    if (r === 'network') scope.replyWithError('socket hang up');
    else
      scope.reply(function () {
        seen.push(String(this.req.headers.access_token));
        return r;
      });
  }
  return seen;
}

const send = (client: ZaloClient) => client.postJson(CS_PATH, { recipient: { user_id: '2400000000000000001' }, message: { text: SECRET_TEXT } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(logs.join('')).not.toMatch(/token-A|token-B|private words/);
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('classifyZaloError', () => {
  it.each([
    [-216, 'token'],
    [-220, 'token'],
    [-32, 'rate_limited'],
    [-230, 'window_closed'],
    [-232, 'window_closed'],
    [-234, 'window_closed'],
    [-320, 'window_closed'],
    [-321, 'window_closed'],
    [-213, 'undeliverable'],
    [-217, 'undeliverable'],
    [-227, 'undeliverable'],
    [-244, 'undeliverable'],
    [-201, 'rejected'],
    [-240, 'rejected'],
  ])('%i is %s', (code, kind) => expect(classifyZaloError(code)).toBe(kind));
});

describe('backoffMs', () => {
  it('doubles up to the cap, with half of it random', () => {
    expect([1, 2, 3, 10].map((a) => backoffMs(a, DEFAULT_RETRY, () => 0))).toEqual([250, 500, 1000, 4000]);
    expect([1, 2, 3, 10].map((a) => backoffMs(a, DEFAULT_RETRY, () => 1))).toEqual([500, 1000, 2000, 8000]);
  });
});

describe('ZaloClient', () => {
  it('sends the access token as a bare header and reads {error: 0} as success', async () => {
    const { client } = setup();
    const seen = answers([200, OK]);
    expect(await send(client)).toEqual({ ok: true, data: OK.data });
    expect(seen).toEqual(['token-A']);
  });

  it('on a token error refreshes once and retries once with the new token', async () => {
    const { client } = setup();
    const seen = answers([200, { error: -216, message: 'Access token is invalid' }], [200, OK]);
    expect((await send(client)).ok).toBe(true);
    expect(refreshes).toEqual(['token-A']);
    expect(seen).toEqual(['token-A', 'token-B']);
  });

  it('gives up after one refresh when the new token is refused too', async () => {
    const { client } = setup();
    answers([200, { error: -216 }], [200, { error: -220 }]);
    expect(await send(client)).toEqual({ ok: false, failure: 'token', code: '-220' });
    expect(refreshes).toHaveLength(1);
  });

  it('backs off with jitter on rate limits, then succeeds', async () => {
    const { client } = setup();
    const seen = answers([200, { error: -32, message: 'reached limit call api' }], [200, { error: -32 }], [200, OK]);
    expect((await send(client)).ok).toBe(true);
    expect(seen).toHaveLength(3);
    expect(delays).toEqual([backoffMs(1, DEFAULT_RETRY, () => 0.5), backoffMs(2, DEFAULT_RETRY, () => 0.5)]);
  });

  it('stops after the bounded number of attempts when the rate limit persists', async () => {
    const { client } = setup();
    answers([200, { error: -32 }], [200, { error: -32 }], [200, { error: -32 }]);
    expect(await send(client)).toEqual({ ok: false, failure: 'rate_limited', code: '-32' });
    expect(delays).toHaveLength(DEFAULT_RETRY.attempts - 1);
  });

  it('retries network failures and 5xx answers with backoff', async () => {
    const { client } = setup();
    answers('network', [502, 'Bad Gateway'], [200, OK]);
    expect((await send(client)).ok).toBe(true);
    expect(delays).toHaveLength(2);
  });

  it.each([
    [-230, 'window_closed'],
    [-232, 'window_closed'],
    [-320, 'window_closed'],
    [-321, 'window_closed'],
    [-213, 'undeliverable'],
    [-201, 'rejected'],
  ])('does not retry a permanent error (%i)', async (code, failure) => {
    const { client } = setup();
    const seen = answers([200, { error: code, message: 'refused' }]);
    expect(await send(client)).toEqual({ ok: false, failure, code: String(code) });
    expect(seen).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(refreshes).toEqual([]);
  });
});

describe('ZaloSender', () => {
  const contacts = () => {
    const marked: string[] = [];
    const c: ZaloContacts = { touch: async () => undefined, forget: async () => undefined, markUndeliverable: async (_u, code) => void marked.push(code) };
    return { c, marked };
  };
  const NOW = new Date('2026-08-19T03:00:00Z');
  const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);
  /** A sender whose user last wrote `seen` (a minute ago by default); `outside` records the window refusals it counts. */
  function makeSender(client: ZaloClient, c: ZaloContacts, o: { root?: string; seen?: Date; windows?: WindowRules } = {}) {
    const outside: string[] = [];
    const sender = createZaloSender({
      client,
      images: createZaloImages({ client, root: o.root ?? process.cwd() }),
      contacts: c,
      logger: pino({ level: 'silent' }),
      lastSeen: async () => ('seen' in o ? o.seen : hoursAgo(0.02)),
      clock: () => NOW,
      windows: o.windows ?? DEFAULT_WINDOWS,
      onOutsideWindow: (code) => void outside.push(code),
    });
    return { sender, outside };
  }

  it('sends every part in order and counts them', async () => {
    const { client } = setup();
    const { c } = contacts();
    const { sender } = makeSender(client, c);
    const seen = answers([200, OK], [200, OK]);
    expect(await sender.send('2400000000000000001', [{ text: 'một' }, { text: 'hai' }])).toEqual({ ok: true, sent: 2 });
    expect(seen).toHaveLength(2);
  });

  it('stops at a window error, reports it and marks the contact', async () => {
    const { client } = setup();
    const { c, marked } = contacts();
    const { sender } = makeSender(client, c);
    const seen = answers([200, OK], [200, { error: -232, message: 'expired' }]);
    expect(await sender.send('2400000000000000001', [{ text: 'một' }, { text: 'hai' }, { text: 'ba' }])).toEqual({
      ok: false,
      reason: 'window_closed',
      sent: 1,
      code: '-232',
      retryable: false,
    });
    expect(seen).toHaveLength(2);
    expect(marked).toEqual(['-232']);
  });

  it.each([-320, -321])('counts %i (the billed window without a paid Zalo Cloud Account) as outside the window, sent once, not retried', async (code) => {
    const { client } = setup();
    const { c, marked } = contacts();
    const { sender, outside } = makeSender(client, c);
    const seen = answers([200, { error: code, message: 'Zalo Cloud Account' }]);
    expect(await sender.send('2400000000000000001', [{ text: 'một' }, { text: 'hai' }])).toEqual({
      ok: false,
      reason: 'window_closed',
      sent: 0,
      code: String(code),
      retryable: false,
    });
    expect(seen).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(outside).toEqual([String(code)]);
    expect(marked).toEqual([String(code)]);
  });

  it('sends nothing past the free 48 hours unless the deployment has a paid window (then up to 7 days)', async () => {
    const { client } = setup();
    const { c } = contacts();
    const late = makeSender(client, c, { seen: hoursAgo(49) });
    expect(await late.sender.send('2400000000000000001', [{ text: 'câu hỏi của cán bộ' }])).toEqual({
      ok: false,
      reason: 'window_closed',
      sent: 0,
      code: 'window_closed',
    });
    expect(late.outside).toEqual(['window_closed']);
    expect(await makeSender(client, c, { seen: undefined }).sender.send('2400000000000000001', [{ text: 'a' }])).toMatchObject({ reason: 'window_closed' });
    expect(nock.pendingMocks()).toEqual([]);

    const paid = windowRules({ zaloPaidWindow: true });
    const seen = answers([200, OK]);
    expect(await makeSender(client, c, { seen: hoursAgo(49), windows: paid }).sender.send('2400000000000000001', [{ text: 'câu hỏi' }])).toEqual({
      ok: true,
      sent: 1,
    });
    expect(seen).toHaveLength(1);
    expect(await makeSender(client, c, { seen: hoursAgo(169), windows: paid }).sender.send('2400000000000000001', [{ text: 'câu hỏi' }])).toMatchObject({
      reason: 'window_closed',
    });
  });

  it('uploads a project image once and sends it as a media template, then the text', async () => {
    const { client } = setup();
    const { c } = contacts();
    const root = await mkdtemp(join(tmpdir(), 'zalo-img-'));
    await writeFile(join(root, 'poster.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const { sender } = makeSender(client, c, { root });
    const forms: string[] = [];
    nock(API)
      .post('/v2.0/oa/upload/image')
      .once()
      .reply(200, (_uri, body) => (forms.push(String(body)), { error: 0, data: { attachment_id: 'att-1' } }));
    const bodies: unknown[] = [];
    nock(API)
      .persist()
      .post(CS_PATH)
      .reply(200, (_uri, body) => (bodies.push(body), OK));
    try {
      for (let i = 0; i < 2; i++) expect(await sender.send('2400000000000000001', [{ text: 'Ảnh', image: 'poster.png' }])).toEqual({ ok: true, sent: 2 });
    } finally {
      await rm(root, { recursive: true });
    }
    expect(forms).toHaveLength(1);
    expect(Buffer.from(forms[0]!, 'hex').toString('latin1')).toMatch(/name="file"; filename="poster.png"\r\nContent-Type: image\/png/);
    expect(bodies[0]).toMatchObject({
      message: { attachment: { payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: 'att-1' }] } } },
    });
    expect(bodies[1]).toMatchObject({ message: { text: 'Ảnh' } });
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('sends the text without the image when the image cannot be prepared', async () => {
    const { client } = setup();
    const { c } = contacts();
    const { sender } = makeSender(client, c, { root: tmpdir() });
    for (const image of ['missing.png', '../outside.png', 'notes.txt']) {
      answers([200, OK]);
      expect(await sender.send('2400000000000000001', [{ text: 'Ảnh', image }])).toEqual({ ok: true, sent: 1 });
    }
  });
});
