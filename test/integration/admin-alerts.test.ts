/** Alert links: one-time codes from the dashboard, redeemed by the bot with a sealed address. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealAddress, deriveKeys } from '../../src/lib/crypto.js';
import { TEST_SECRET } from '../helpers/bot.js';
import { startAdminApp, type AdminTestApp } from '../helpers/fake-reports.js';

let t: AdminTestApp;
const key = deriveKeys(TEST_SECRET).encryption;

beforeEach(async () => {
  t = await startAdminApp('adminalerts');
  await t.addTeam();
});
afterEach(() => t.cleanup());

async function link(username: string, sealed: string): Promise<void> {
  const { agent, csrf } = await t.login(username);
  const res = await agent.post('/api/admin/alerts/link-code').set('X-CSRF-Token', csrf);
  expect(res.status).toBe(200);
  expect(res.body.code).toMatch(/^\d{6}$/);
  expect(new Date(res.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
  expect(await t.alerts.redeemLinkCode(res.body.code, sealed)).toEqual({ ok: true, value: undefined });
}

describe('alert links', () => {
  it('links officers and supervisors and lists the right recipients per KCN', async () => {
    const lan = sealAddress(key, 'zalo', 'zalo-user-1');
    const minh = sealAddress(key, 'messenger', 'psid-2');
    const boss = sealAddress(key, 'zalo', 'zalo-user-3');
    await link('lan', lan);
    await link('minh', minh);
    await link('chi-huy', boss);
    expect((await t.alerts.alertRecipients('dinh-tram')).sort()).toEqual([lan, boss].sort());
    expect(await t.alerts.alertRecipients('other')).toEqual([boss]);
    await t.staff.setDisabled('lan', true);
    expect(await t.alerts.alertRecipients('dinh-tram')).toEqual([boss]);
  });

  it('stores the sealed address as given and never a raw id', async () => {
    const sealed = sealAddress(key, 'zalo', 'zalo-user-777');
    await link('lan', sealed);
    const values = await Promise.all((await t.keysInRedis()).map(async (k) => ((await t.redis.type(k)) === 'string' ? t.redis.get(k) : '')));
    expect(values).toContain(sealed);
    expect(values.join('\n')).not.toContain('zalo-user-777');
  });

  it('accepts a code once, refuses unknown codes, and tells the page', async () => {
    const { agent, csrf } = await t.login('lan');
    const { code } = (await agent.post('/api/admin/alerts/link-code').set('X-CSRF-Token', csrf)).body;
    expect((await agent.get('/api/admin/alerts')).body).toEqual({ linked: false });
    expect((await t.alerts.redeemLinkCode(` ${code} `, 'sealed-1')).ok).toBe(true);
    expect(await t.alerts.redeemLinkCode(code, 'sealed-2')).toEqual({ ok: false, error: 'invalid_code' });
    expect(await t.alerts.redeemLinkCode('abc', 'sealed-2')).toEqual({ ok: false, error: 'invalid_code' });
    expect((await agent.get('/api/admin/alerts')).body).toEqual({ linked: true });
    expect((await agent.delete('/api/admin/alerts/link').set('X-CSRF-Token', csrf)).status).toBe(200);
    expect(await t.alerts.alertRecipients('dinh-tram')).toEqual([]);
  });

  it('expires codes after 10 minutes and needs CSRF; organisers may not link', async () => {
    const { agent, csrf } = await t.login('lan');
    expect((await agent.post('/api/admin/alerts/link-code')).status).toBe(403);
    const { code } = (await agent.post('/api/admin/alerts/link-code').set('X-CSRF-Token', csrf)).body;
    const ttl = await t.redis.ttl(`${t.config.redisKeyPrefix}:staff:link-code:${code}`);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    const btc = await t.login('btc');
    expect((await btc.agent.post('/api/admin/alerts/link-code').set('X-CSRF-Token', btc.csrf)).status).toBe(403);
  });
});
