/**
 * Staff login against a real Redis: good and bad credentials, lock-out, TOTP, CSRF, sessions, and
 * what Redis holds (argon2id hashes, no password, no raw session id).
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createStaffKeys } from '../../src/store/redis/keys.js';
import { DEFAULT_LOCKOUT } from '../../src/admin/lockout.js';
import { currentTotp } from '../../src/admin/totp.js';
import { PASSWORD, startAdminApp, type AdminTestApp } from '../helpers/fake-reports.js';

let t: AdminTestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

async function setup(options = {}, env: Record<string, string> = {}, configPatch = {}): Promise<AdminTestApp> {
  t = await startAdminApp('adminauth', options, env, configPatch);
  await t.addStaff('lan', 'officer', ['dinh-tram']);
  return t;
}

const login = (app: AdminTestApp, body: Record<string, unknown>, ip = '10.0.0.1') =>
  request(app.app).post('/api/admin/login').set('X-Forwarded-For', ip).send(body);

describe('admin login', () => {
  it('logs in: 200 with a CSRF token and an httpOnly, SameSite=Strict session cookie', async () => {
    const app = await setup();
    const res = await login(app, { username: 'lan', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.csrfToken).toMatch(/^[\w-]{43}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^antq_admin=[\w-]{43}\.[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it('marks the cookie Secure (and __Host-) in production', async () => {
    const app = await setup({}, { NODE_ENV: 'production', STAFF_REQUIRE_2FA: 'false' });
    const res = await login(app, { username: 'lan', password: PASSWORD });
    expect(String(res.headers['set-cookie'])).toMatch(/^__Host-antq_admin=.*; Secure/);
  });

  it('answers 401 the same way for a wrong password and an unknown user', async () => {
    const app = await setup();
    const wrong = await login(app, { username: 'lan', password: 'not the password' });
    const unknown = await login(app, { username: 'nobody', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('names the bad field with 400', async () => {
    const app = await setup();
    const res = await login(app, { username: 'lan' });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('password');
  });

  it('refuses a disabled account with the same 401', async () => {
    const app = await setup();
    await app.staff.setDisabled('lan', true);
    const res = await login(app, { username: 'lan', password: PASSWORD });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
  });

  it('locks an account only for the address that guessed (429 there, even with the right password); its owner logs in from elsewhere', async () => {
    const app = await setup();
    for (let i = 0; i < 5; i++) expect((await login(app, { username: 'lan', password: `wrong-${i}` }, '10.0.1.1')).status).toBe(401);
    const res = await login(app, { username: 'lan', password: PASSWORD }, '10.0.1.1');
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('locked');
    expect(res.body.error.message).toMatch(/try again in 5 minute/);
    expect(Number(res.headers['retry-after'])).toBe(300);
    // Guesses spread over many addresses lock none of them for the owner's own address.
    for (let i = 0; i < 5; i++) await login(app, { username: 'lan', password: `wrong-${i}` }, `10.0.3.${i}`);
    expect((await login(app, { username: 'lan', password: PASSWORD }, '10.0.2.1')).status).toBe(200);
  });

  it('makes each next lock of the same account and address last twice as long, up to the longest', async () => {
    const app = await setup({ lockout: { ...DEFAULT_LOCKOUT, maxPerAccountIp: 2, firstLockSeconds: 60, maxLockSeconds: 150 } });
    const lockKey = createStaffKeys(app.config.redisKeyPrefix).pairLock('lan', '10.0.4.4');
    const lockFor = async () => {
      for (let i = 0; i < 2; i++) expect((await login(app, { username: 'lan', password: 'wrong-password' }, '10.0.4.4')).status).toBe(401);
      const locked = await login(app, { username: 'lan', password: 'wrong-password' }, '10.0.4.4');
      expect(locked.status).toBe(429);
      await app.redis.del(lockKey); // as if the lock had run out
      return Number(locked.headers['retry-after']);
    };
    expect([await lockFor(), await lockFor(), await lockFor()]).toEqual([60, 120, 150]);
    // A successful login forgets the pair's past locks.
    expect((await login(app, { username: 'lan', password: PASSWORD }, '10.0.4.4')).status).toBe(200);
    expect(await lockFor()).toBe(60);
  });

  it('tells the account owner once on their linked chat, and audits every login refused while locked', async () => {
    const app = await setup();
    for (let i = 0; i < 8; i++) await login(app, { username: 'lan', password: 'wrong-password' }, '10.0.5.5');
    for (let i = 0; i < 6; i++) await login(app, { username: 'lan', password: 'wrong-password' }, '10.0.5.6');
    for (let i = 0; i < 6; i++) await login(app, { username: 'ghost', password: 'wrong-password' }, '10.0.5.7');
    expect(app.notified).toEqual([{ username: 'lan', say: [{ key: 'staff:login_locked', params: { username: 'lan', minutes: 5 } }] }]);
    const entries = await app.audit.list({ limit: 100 });
    const refused = entries.filter((e) => e.action === 'login_locked').map((e) => `${e.actor} ${e.detail}`);
    expect(refused.sort()).toEqual(
      ['(unknown) 300 s · 10.0.5.7', 'lan 300 s · 10.0.5.5', 'lan 300 s · 10.0.5.5', 'lan 300 s · 10.0.5.5', 'lan 300 s · 10.0.5.6'].sort(),
    );
  });

  it('locks a client address out after its own limit, whatever the username', async () => {
    const app = await setup({ lockout: { ...DEFAULT_LOCKOUT, maxPerIp: 3 } });
    for (const name of ['a1', 'a2', 'a3']) await login(app, { username: name, password: 'wrong-password' }, '10.9.9.9');
    expect((await login(app, { username: 'lan', password: PASSWORD }, '10.9.9.9')).status).toBe(429);
    expect((await login(app, { username: 'lan', password: PASSWORD }, '10.9.9.8')).status).toBe(200);
  });

  it('stores an argon2id hash and never the password', async () => {
    const app = await setup();
    await login(app, { username: 'lan', password: PASSWORD });
    const keys = await app.keysInRedis();
    const values = await Promise.all(
      keys.map(async (k) => ((await app.redis.type(k)) === 'string' ? app.redis.get(k) : JSON.stringify(await app.redis.xrange(k, '-', '+').catch(() => [])))),
    );
    const account = JSON.parse((await app.redis.get(`${app.config.redisKeyPrefix}:staff:account:lan`))!);
    expect(account.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
    expect([...keys, ...values].join('\n')).not.toContain(PASSWORD);
  });
});

describe('admin sessions and CSRF', () => {
  it('answers 401 without a session, and with a forged cookie', async () => {
    const app = await setup();
    expect((await request(app.app).get('/api/admin/reports')).status).toBe(401);
    const forged = await request(app.app)
      .get('/api/admin/me')
      .set('Cookie', `antq_admin=${'a'.repeat(43)}.${'b'.repeat(43)}`);
    expect(forged.status).toBe(401);
  });

  it('refuses a state change without or with a wrong X-CSRF-Token (403) and accepts the right one', async () => {
    const app = await setup();
    app.reports.seed({ code: 'TG-7K3M9Q', kcn: 'dinh-tram' });
    const { agent, csrf } = await app.login('lan');
    expect((await agent.post('/api/admin/reports/TG-7K3M9Q/claim')).status).toBe(403);
    expect((await agent.post('/api/admin/reports/TG-7K3M9Q/claim').set('X-CSRF-Token', 'x'.repeat(43))).body.error.code).toBe('csrf_invalid');
    expect((await agent.post('/api/admin/reports/TG-7K3M9Q/claim').set('X-CSRF-Token', csrf)).status).toBe(200);
  });

  it('keeps only the hash of the session id in Redis', async () => {
    const app = await setup();
    const res = await login(app, { username: 'lan', password: PASSWORD });
    const sessionId = String(res.headers['set-cookie']).split('=')[1]!.split('.')[0]!;
    const keys = await app.keysInRedis();
    expect(keys.some((k) => k.includes(':staff:session:'))).toBe(true);
    expect(keys.join('\n')).not.toContain(sessionId);
  });

  it('ends the session on logout, and ends older sessions on disable and on password reset', async () => {
    const app = await setup();
    const one = await app.login('lan');
    expect((await one.agent.post('/api/admin/logout').set('X-CSRF-Token', one.csrf)).status).toBe(200);
    expect((await one.agent.get('/api/admin/me')).status).toBe(401);

    const two = await app.login('lan');
    await app.staff.resetPassword('lan', PASSWORD);
    expect((await two.agent.get('/api/admin/me')).status).toBe(401);

    const three = await app.login('lan');
    await app.staff.setDisabled('lan', true);
    expect((await three.agent.get('/api/admin/me')).status).toBe(401);
  });

  it('tells the page who is signed in', async () => {
    const app = await setup();
    const { agent, csrf } = await app.login('lan');
    const me = await agent.get('/api/admin/me');
    expect(me.body).toEqual({ username: 'lan', role: 'officer', kcns: ['dinh-tram'], csrfToken: csrf, alertsLinked: false });
  });
});

describe('admin TOTP', () => {
  it('asks every account for TOTP when STAFF_REQUIRE_2FA is on, and refuses accounts without it', async () => {
    const app = await setup({ totp: 'all' });
    const res = await login(app, { username: 'lan', password: PASSWORD });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('totp_not_enrolled');
  });

  it('reads STAFF_REQUIRE_2FA from the config when the option is not given', async () => {
    const app = await setup({}, { STAFF_REQUIRE_2FA: 'true' });
    expect((await login(app, { username: 'lan', password: PASSWORD })).body.error.code).toBe('totp_not_enrolled');
  });

  it('in production requires TOTP of officers and supervisors (not organisers) unless STAFF_REQUIRE_2FA=false', async () => {
    const app = await setup({}, { NODE_ENV: 'production' });
    await app.addStaff('chi-huy', 'supervisor', []);
    await app.addStaff('btc', 'organizer', []);
    expect((await login(app, { username: 'lan', password: PASSWORD })).body.error.code).toBe('totp_not_enrolled');
    expect((await login(app, { username: 'chi-huy', password: PASSWORD })).body.error.code).toBe('totp_not_enrolled');
    expect((await login(app, { username: 'btc', password: PASSWORD })).status).toBe(200);
    await app.cleanup();
    t = undefined;
    const off = await setup({}, { NODE_ENV: 'production', STAFF_REQUIRE_2FA: 'false' });
    expect((await login(off, { username: 'lan', password: PASSWORD })).status).toBe(200);
  });

  it('needs a valid, unused code once enrolled', async () => {
    const app = await setup({ totp: 'all' });
    const enrolled = await app.staff.enrolTotp('lan');
    expect(enrolled.ok && enrolled.value.uri).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
    const secret = app.staff.totpSecret((await app.staff.get('lan'))!)!;

    const missing = await login(app, { username: 'lan', password: PASSWORD });
    expect(missing.body.error.code).toBe('totp_required');
    const wrongCode = String((Number(currentTotp('lan', secret)) + 1) % 1_000_000).padStart(6, '0');
    expect((await login(app, { username: 'lan', password: PASSWORD, totp: wrongCode })).body.error.code).toBe('totp_invalid');
    const code = currentTotp('lan', secret);
    expect((await login(app, { username: 'lan', password: PASSWORD, totp: code })).status).toBe(200);
    expect((await login(app, { username: 'lan', password: PASSWORD, totp: code })).body.error.code).toBe('totp_invalid');
    expect(JSON.stringify(await app.redis.get(`${app.config.redisKeyPrefix}:staff:account:lan`))).not.toContain(secret);
  });
});
