import { Writable } from 'node:stream';
import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient, type RetryOptions } from '../../../../src/channels/messenger/client.js';
import { classifyGraphError, regainMinutes } from '../../../../src/channels/messenger/errors.js';
import type { GraphFailure } from '../../../../src/channels/messenger/errors.js';
import { appSecretProof } from '../../../../src/channels/messenger/verify.js';
import { APP_SECRET, GRAPH_URL, GRAPH_VERSION, PAGE_TOKEN } from '../../../helpers/messenger-events.js';

const PATH = `/${GRAPH_VERSION}/me/messages`;
const body = { recipient: { id: '7500000000000001' }, messaging_type: 'RESPONSE' as const, message: { text: 'xin chào' } };
/** nock 14 needs an Error instance here: a plain object never settles the request. */
const netError = (code: string) => Object.assign(new Error(`network ${code}`), { code });
const err = (code: number, subcode?: number) => ({
  error: { message: 'm', type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'T' },
});

function setup(retry: RetryOptions = {}) {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const failures: GraphFailure[] = [];
  const logger = pino({ level: 'trace' }, new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }));
  const client = createGraphClient({
    config: { pageAccessToken: PAGE_TOKEN, appSecret: APP_SECRET, graphApiUrl: GRAPH_URL, graphApiVersion: GRAPH_VERSION },
    logger,
    onFailure: (f) => failures.push(f),
    retry: { baseDelayMs: 10, throttleDelayMs: 40, maxDelayMs: 1_000, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), ...retry },
  });
  return { client, lines, sleeps, failures };
}
const graph = () =>
  nock(GRAPH_URL)
    .post(PATH, body)
    .query({ access_token: PAGE_TOKEN, appsecret_proof: appSecretProof(PAGE_TOKEN, APP_SECRET) });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('GraphClient: requests', () => {
  it('posts JSON to {FB_GRAPH_API_URL}/{version}/me/messages with the token and appsecret_proof', async () => {
    graph()
      .matchHeader('content-type', /application\/json/)
      .reply(200, { recipient_id: '7500000000000001', message_id: 'm_1' });
    const { client } = setup();
    expect(await client.sendMessage(body)).toEqual({ ok: true, attempts: 1, data: { recipient_id: '7500000000000001', message_id: 'm_1' } });
  });

  it('posts the profile to /me/messenger_profile', async () => {
    nock(GRAPH_URL).post(`/${GRAPH_VERSION}/me/messenger_profile`, { greeting: [] }).query(true).reply(200, { result: 'success' });
    expect(await setup().client.setProfile({ greeting: [] })).toMatchObject({ ok: true });
  });
});

describe('GraphClient: error mapping', () => {
  it('token invalid (190): failed at once, flagged, counted and logged with the fix', async () => {
    graph().reply(400, err(190, 460));
    const { client, lines, failures, sleeps } = setup();
    expect(await client.sendMessage(body)).toEqual({ ok: false, attempts: 1, reason: 'failed', retry: 'none', code: '190/460', tokenInvalid: true });
    expect(failures).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(lines.some((l) => l.includes('"level":50') && l.includes('renew FB_PAGE_ACCESS_TOKEN'))).toBe(true);
  });

  it.each([
    [10, 2018278],
    [10, 2018065],
    [551, undefined],
    [200, 1545041],
    [100, 2018001],
  ])('outside the window or unreachable (%i/%s): undeliverable, no retry', async (code, subcode) => {
    graph().reply(400, err(code, subcode));
    const { client, sleeps } = setup();
    expect(await client.sendMessage(body)).toMatchObject({ ok: false, attempts: 1, reason: 'undeliverable' });
    expect(sleeps).toEqual([]);
  });

  it('a bad parameter (100) fails without retry', async () => {
    graph().reply(400, err(100));
    expect(await setup().client.sendMessage(body)).toMatchObject({ ok: false, attempts: 1, reason: 'failed', code: '100' });
  });

  it.each([4, 17, 32, 613, 80006])('rate limit %i: backs off with jitter, longer than for transient errors, then succeeds', async (code) => {
    graph().twice().reply(400, err(code));
    graph().reply(200, { message_id: 'm' });
    const { client, sleeps } = setup();
    expect(await client.sendMessage(body)).toMatchObject({ ok: true, attempts: 3 });
    expect(sleeps).toEqual([30, 60]);
  });

  it('jitter spreads the backoff between half and all of the doubled delay', async () => {
    graph().reply(400, err(613));
    graph().reply(200, {});
    const low = setup({ random: () => 0 });
    await low.client.sendMessage(body);
    graph().reply(400, err(613));
    graph().reply(200, {});
    const high = setup({ random: () => 0.999 });
    await high.client.sendMessage(body);
    expect(low.sleeps).toEqual([20]);
    expect(high.sleeps).toEqual([40]);
  });

  it('a rate limit whose regain time exceeds the longest wait is not retried', async () => {
    graph().reply(400, err(80006), {
      'x-business-use-case-usage': JSON.stringify({ '105': [{ type: 'messenger', call_count: 100, estimated_time_to_regain_access: 5 }] }),
    });
    const { client, sleeps } = setup();
    expect(await client.sendMessage(body)).toMatchObject({ ok: false, attempts: 1, reason: 'failed', retry: 'throttled', code: '80006' });
    expect(sleeps).toEqual([]);
  });

  it('5xx: bounded retries with doubling backoff, then failed', async () => {
    graph().times(3).reply(503, 'Service Unavailable');
    const { client, sleeps, failures } = setup();
    expect(await client.sendMessage(body)).toMatchObject({ ok: false, attempts: 3, reason: 'failed', code: 'http_503' });
    expect(sleeps).toEqual([8, 15]);
    expect(failures.map((f) => f.code)).toEqual(['http_503']);
  });

  it('temporary Graph errors (1, 2, 1200) are retried', async () => {
    graph().reply(500, err(2));
    graph().reply(400, err(1200));
    graph().reply(200, {});
    expect(await setup().client.sendMessage(body)).toMatchObject({ ok: true, attempts: 3 });
  });

  it('network errors are retried, and a timeout counts as one', async () => {
    graph().replyWithError(netError('ECONNRESET'));
    graph().reply(200, {});
    expect(await setup().client.sendMessage(body)).toMatchObject({ ok: true, attempts: 2 });
    graph().delay(200).reply(200, {});
    const slow = await setup({ attempts: 1, timeoutMs: 20 }).client.sendMessage(body);
    expect(slow).toMatchObject({ ok: false, reason: 'failed', retry: 'soon', code: 'network_econnaborted' });
  });

  it('never logs the token, the proof, the PSID or the text', async () => {
    graph().reply(400, err(190));
    graph().replyWithError(netError('ETIMEDOUT'));
    graph().reply(503, {});
    const { client, lines } = setup({ attempts: 2 });
    await client.sendMessage(body);
    await client.sendMessage(body);
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const s of [PAGE_TOKEN, APP_SECRET, appSecretProof(PAGE_TOKEN, APP_SECRET), '7500000000000001', 'xin chào']) expect(all).not.toContain(s);
  });
});

describe('classifyGraphError and regainMinutes', () => {
  it('classifies by code and subcode first, HTTP status last', () => {
    expect(classifyGraphError(400, 10, 2018278)).toEqual({ reason: 'undeliverable', retry: 'none', code: '10/2018278' });
    expect(classifyGraphError(400, 10, 1893063)).toEqual({ reason: 'failed', retry: 'none', code: '10/1893063' });
    expect(classifyGraphError(400, 613)).toEqual({ reason: 'failed', retry: 'throttled', code: '613' });
    expect(classifyGraphError(429)).toEqual({ reason: 'failed', retry: 'throttled', code: 'http_429' });
    expect(classifyGraphError(502)).toEqual({ reason: 'failed', retry: 'soon', code: 'http_502' });
    expect(classifyGraphError(404)).toEqual({ reason: 'failed', retry: 'none', code: 'http_404' });
    expect(classifyGraphError(400, 368)).toEqual({ reason: 'failed', retry: 'none', code: '368' });
  });

  it('reads the regain time of the business use case header, and ignores garbage', () => {
    expect(regainMinutes(JSON.stringify({ a: [{ estimated_time_to_regain_access: 3 }, { estimated_time_to_regain_access: 7 }] }))).toBe(7);
    expect(regainMinutes('not json')).toBe(0);
    expect(regainMinutes(undefined)).toBe(0);
    expect(regainMinutes(JSON.stringify({ a: [{}] }))).toBe(0);
  });
});
