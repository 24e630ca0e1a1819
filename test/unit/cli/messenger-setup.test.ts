/**
 * `npm run messenger:setup`: the exact Messenger Profile API request (checked with nock), what it
 * prints, and its failures. Texts come from content/<lang>/messenger.yaml.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appSecretProof } from '../../../src/channels/messenger/verify.js';
import { runMessengerSetup } from '../../../src/cli/messenger-setup.js';
import { flattenKeys } from '../../../src/festival/load.js';
import { createI18n } from '../../../src/core/i18n.js';
import { content } from '../../helpers/bot.js';
import { APP_SECRET, GRAPH_URL, MESSENGER_ENV, PAGE_TOKEN } from '../../helpers/messenger-events.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const ENV = { NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32), CONTENT_DIR: `${ROOT}content`, ...MESSENGER_ENV };
const i18n = createI18n(content.resources);
const t = (lang: 'vi' | 'en', key: string) => i18n.t(lang, `messenger:${key}`);

function output() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

/** The request body, spelled out: structure, locales and payloads literal, texts from content. */
function expectedProfile() {
  const menu = (lang: 'vi' | 'en') => ({
    composer_input_disabled: false,
    call_to_actions: [
      { type: 'postback', title: t(lang, 'menu.festival'), payload: '#festival' },
      { type: 'postback', title: t(lang, 'menu.slogans'), payload: '#slogans' },
      { type: 'postback', title: t(lang, 'menu.main'), payload: '#menu' },
      { type: 'postback', title: t(lang, 'menu.help'), payload: '#help' },
      { type: 'postback', title: t(lang, 'menu.language'), payload: '#lang' },
    ],
  });
  const locales = [
    ['default', 'vi'],
    ['en_US', 'en'],
    ['en_GB', 'en'],
  ] as const;
  return {
    get_started: { payload: 'GET_STARTED' },
    greeting: locales.map(([locale, lang]) => ({ locale, text: t(lang, 'greeting') })),
    persistent_menu: locales.map(([locale, lang]) => ({ locale, ...menu(lang) })),
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('messenger:setup', () => {
  it('sets Get Started, greeting and menu, removes ice breakers (they would hide Get Started), and prints what it did', async () => {
    let received: unknown;
    let removed: unknown;
    const query = { access_token: PAGE_TOKEN, appsecret_proof: appSecretProof(PAGE_TOKEN, APP_SECRET) };
    const scope = nock(GRAPH_URL)
      .post('/v25.0/me/messenger_profile', (body) => ((received = body), true))
      .query(query)
      .matchHeader('content-type', /application\/json/)
      .reply(200, { result: 'success' })
      .delete('/v25.0/me/messenger_profile', (body) => ((removed = body), true))
      .query(query)
      .reply(200, { result: 'success' });
    const { io, out, err } = output();
    expect(await runMessengerSetup(io, ENV, { attempts: 1 })).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(received).toEqual(expectedProfile());
    expect(received).not.toHaveProperty('ice_breakers');
    expect(removed).toEqual({ fields: ['ice_breakers'] });
    expect(err).toEqual([]);
    const printed = out.join('');
    expect(printed).toContain('Messenger profile set (http://graph.test/v25.0/me/messenger_profile)');
    expect(printed).toContain('Get Started button: payload GET_STARTED');
    expect(printed).toContain(`Greeting [default]: ${t('vi', 'greeting')}`);
    expect(printed).toContain(`Greeting [en_US]: ${t('en', 'greeting')}`);
    expect(printed).toMatch(/Persistent menu \[default\]: .*\(#festival\)/);
    expect(printed).toContain('Removed: ice_breakers');
    expect(printed).not.toContain(PAGE_TOKEN);
  });

  it('keeps the profile texts within Messenger’s limits, with the name placeholder left for Messenger', () => {
    const profile = expectedProfile();
    expect(profile.greeting[0]!.text.startsWith('Chào {{user_first_name}}!')).toBe(true);
    expect(profile.greeting[1]!.text.startsWith('Hello {{user_first_name}}!')).toBe(true);
    for (const g of profile.greeting) expect([...g.text].length).toBeLessThanOrEqual(160);
    for (const m of profile.persistent_menu) for (const a of m.call_to_actions) expect([...a.title].length).toBeLessThanOrEqual(30);
    expect(flattenKeys(content.resources.en.messenger).sort()).toEqual(flattenKeys(content.resources.vi.messenger).sort());
  });

  it('exits 1 with a clear message when Meta refuses the token, without printing it', async () => {
    nock(GRAPH_URL)
      .post('/v25.0/me/messenger_profile')
      .query(true)
      .reply(400, { error: { code: 190, error_subcode: 463, type: 'OAuthException', message: 'expired' } });
    const { io, out, err } = output();
    expect(await runMessengerSetup(io, ENV, { attempts: 1 })).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('')).toContain('Graph error 190/463');
    expect(err.join('')).toContain('renew FB_PAGE_ACCESS_TOKEN');
    expect(err.join('')).not.toContain(PAGE_TOKEN);
  });

  it('exits 1 when the ice breakers could not be removed: the page would still hide Get Started', async () => {
    nock(GRAPH_URL).post('/v25.0/me/messenger_profile').query(true).reply(200, { result: 'success' });
    nock(GRAPH_URL)
      .delete('/v25.0/me/messenger_profile')
      .query(true)
      .reply(400, { error: { code: 100, type: 'OAuthException', message: 'bad' } });
    const { io, out, err } = output();
    expect(await runMessengerSetup(io, ENV, { attempts: 1 })).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('')).toContain('Removing ice_breakers from the Messenger profile failed (Graph error 100)');
  });

  it('exits 1 without any request when Messenger is not configured', async () => {
    const { io, err } = output();
    const rest = Object.fromEntries(Object.entries(ENV).filter(([name]) => !name.startsWith('FB_')));
    expect(await runMessengerSetup(io, rest)).toBe(1);
    expect(err.join('')).toContain('set FB_PAGE_ACCESS_TOKEN, FB_APP_SECRET and FB_VERIFY_TOKEN');
  });

  it('runs as a command (tsx src/cli/messenger-setup.ts) and reports a bad configuration', async () => {
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32), FB_APP_SECRET: 'only-one-of-three' };
    const result = await run(`${ROOT}node_modules/.bin/tsx`, ['src/cli/messenger-setup.ts'], { cwd: ROOT, env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(result).toMatchObject({ code: 1 });
    expect((result as { stderr: string }).stderr).toContain('FB_PAGE_ACCESS_TOKEN: is required to switch the Messenger channel on');
  }, 20_000);
});
