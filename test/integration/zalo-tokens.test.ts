/** OA tokens against a real Redis and nock stand-ins: refresh on a token error and ahead of expiry, the multi-instance race, seeding, failures. */
import nock from 'nock';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW } from '../helpers/conversations.js';
import {
  CS_OK,
  CS_PATH,
  API,
  granted,
  isolateNetwork,
  postWebhook,
  storeTokens,
  storedTokens,
  stubCs,
  stubOAuth,
  zaloEvent,
  zaloUserId,
  ZALO_ENV,
  type Json,
} from '../helpers/zalo.js';

const SEED = ZALO_ENV.ZALO_ACCESS_TOKEN;
const INVALID = { error: -216, message: 'Access token is invalid' };
const bots: TestBot[] = [];

async function bot(name: string, env: Record<string, string> = {}): Promise<TestBot> {
  const b = await startBot(name, { ...ZALO_ENV, ...env }, () => SCRIPT_NOW);
  bots.push(b);
  return b;
}

async function menu(b: TestBot, userId = zaloUserId()): Promise<void> {
  await postWebhook(b.app, zaloEvent('user_send_text', { userId, text: 'menu' })).expect(200);
  await b.intake.idle();
}

beforeAll(isolateNetwork);
afterEach(() => {
  nock.cleanAll();
});
afterAll(async () => {
  for (const b of bots.reverse()) await b.cleanup();
});

describe('Zalo tokens', () => {
  it('refreshes once when the first send meets an expired token, stores the new pair, and the retried send succeeds', async () => {
    const b = await bot('zalotok');
    const sends = stubCs((c) => (c.accessToken === SEED ? INVALID : CS_OK));
    const oauth = stubOAuth(() => granted('new-access-1', 'new-refresh-1'));
    await menu(b);

    expect(oauth).toHaveLength(1);
    expect(oauth[0]!.form).toEqual({ refresh_token: ZALO_ENV.ZALO_REFRESH_TOKEN, app_id: ZALO_ENV.ZALO_APP_ID, grant_type: 'refresh_token' });
    expect(oauth[0]!.secretKey).toBe(ZALO_ENV.ZALO_APP_SECRET);
    expect(oauth[0]!.contentType).toMatch(/application\/x-www-form-urlencoded/);

    const stored = await storedTokens(b);
    expect(stored).toMatchObject({ access: 'new-access-1', refresh: 'new-refresh-1', source: 'refresh' });
    expect(stored.expiresAt! - Date.now()).toBeGreaterThan(89_000_000);

    // The refused send is retried with the new token, and the rest of the turn's replies follow with it.
    const [refused, retried, ...rest] = sends;
    expect(refused!.accessToken).toBe(SEED);
    expect(retried!.accessToken).toBe('new-access-1');
    expect(retried!.message).toEqual(refused!.message);
    for (const c of rest) expect(c.accessToken).toBe('new-access-1');
    expect((await request(b.metricsApp).get('/metrics')).text).toMatch(new RegExp(`bot_replies_sent_total\\{channel="zalo"\\} ${sends.length - 1}`));
  });

  it('refreshes ahead of expiry, before the send', async () => {
    const b = await bot('zaloexp');
    await storeTokens(b, { access: 'old-access', refresh: 'old-refresh', expiresAt: Date.now() + 60_000 });
    const sends = stubCs();
    const oauth = stubOAuth(() => granted('early-access', 'early-refresh'));
    await menu(b);
    expect(oauth.map((c) => c.form.refresh_token)).toEqual(['old-refresh']);
    expect(sends.length).toBeGreaterThan(0);
    expect(new Set(sends.map((c) => c.accessToken))).toEqual(new Set(['early-access']));
    expect(await storedTokens(b)).toMatchObject({ access: 'early-access', refresh: 'early-refresh' });
  });

  it('lets exactly one of two bot instances refresh when both meet the expired token; both end with the new one', async () => {
    const first = await bot('zalorace');
    const second = await bot('zalorace', { REDIS_KEY_PREFIX: first.config.redisKeyPrefix });
    // Both instances must be refused with the old token before either refreshes: hold the refusals until both arrived.
    let refusals = 0;
    let release!: () => void;
    const bothRefused = new Promise<void>((resolve) => (release = resolve));
    const tokensUsed: string[] = [];
    nock(API)
      .persist()
      .post(CS_PATH)
      .reply(function (_uri, _body, callback) {
        const token = String(this.req.headers.access_token);
        tokensUsed.push(token);
        if (token !== SEED) return callback(null, [200, CS_OK]);
        if (++refusals === 2) release();
        void bothRefused.then(() => callback(null, [200, INVALID]));
      });
    const oauth = stubOAuth(() => granted('race-access', 'race-refresh'), 50);

    await Promise.all([menu(first), menu(second)]);

    expect(oauth).toHaveLength(1);
    expect(tokensUsed.filter((t) => t === SEED)).toHaveLength(2);
    expect(new Set(tokensUsed)).toEqual(new Set([SEED, 'race-access']));
    expect(await storedTokens(first)).toMatchObject({ access: 'race-access', refresh: 'race-refresh' });
  });

  it('seeds from the environment only when Redis holds no tokens', async () => {
    const b = await bot('zaloseed');
    await storeTokens(b, { access: 'redis-access', refresh: 'redis-refresh' });
    const sends = stubCs();
    await menu(b);
    expect(sends.length).toBeGreaterThan(0);
    expect(new Set(sends.map((c) => c.accessToken))).toEqual(new Set(['redis-access']));
    expect((await storedTokens(b)).refresh).toBe('redis-refresh');
  });

  it('counts and records a failed refresh, sends nothing more, and does not hammer the token endpoint', async () => {
    const b = await bot('zalofail');
    const sends = stubCs((c) => (c.accessToken === SEED ? INVALID : CS_OK));
    const spent: Json = { error: -14020, error_name: 'Invalid refresh token', error_description: 'refresh token already used' };
    const oauth = stubOAuth(() => spent);
    await menu(b);
    await menu(b);

    expect(oauth).toHaveLength(1);
    expect(sends.map((c) => c.accessToken)).toEqual([SEED, SEED]);
    const stored = await storedTokens(b);
    expect(stored.lastFailure?.code).toBe('-14020');
    expect(stored.refresh).toBe(ZALO_ENV.ZALO_REFRESH_TOKEN);
    const metrics = (await request(b.metricsApp).get('/metrics')).text;
    expect(metrics).toMatch(/zalo_token_refresh_failed_total\{code="-14020"\} 1/);
    expect(metrics).toMatch(/bot_errors_total\{where="send_failed"\} 2/);
  });
});
