/** The `officer` CLI against a real Redis: add, disable, enable, reset-password, totp, list. */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TotpRule } from '../../src/admin/access.js';
import { verifyPassword } from '../../src/admin/passwords.js';
import { runOfficerCommand, type OfficerIo } from '../../src/cli/officer.js';
import { REDIS_URL, TEST_SECRET } from '../helpers/bot.js';
import { startAdminApp, type AdminTestApp } from '../helpers/fake-reports.js';

let t: AdminTestApp;
beforeEach(async () => {
  t = await startAdminApp('admincli');
});
afterEach(() => t.cleanup());

function io(password?: string): OfficerIo & { stdout: string; stderr: string } {
  const sink = {
    stdout: '',
    stderr: '',
    out: (s: string) => void (sink.stdout += s),
    err: (s: string) => void (sink.stderr += s),
    password: async () => password,
  };
  return sink;
}

const run = (args: string[], password?: string, rule: TotpRule = 'none') => {
  const sink = io(password);
  return runOfficerCommand(args, t.staff, sink, rule).then((code) => ({ code, ...sink }));
};

describe('officer CLI', () => {
  it('adds an officer with KCNs and an argon2id hash, and refuses duplicates and bad input', async () => {
    const added = await run(['add', 'Lan.Nguyen', '--kcn', 'dinh-tram,quang-chau'], 'a long enough password');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('added lan.nguyen\tofficer\tdinh-tram,quang-chau\tactive');
    const account = (await t.staff.get('lan.nguyen'))!;
    expect(account.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(account.passwordHash, 'a long enough password')).toBe(true);
    expect(JSON.stringify(await t.redis.get(`${t.config.redisKeyPrefix}:staff:account:lan.nguyen`))).not.toContain('a long enough password');

    expect((await run(['add', 'lan.nguyen', '--kcn', 'dinh-tram'], 'a long enough password')).stderr).toMatch(/already exists/);
    expect((await run(['add', 'x1', '--kcn', 'atlantis'], 'a long enough password')).stderr).toMatch(/unknown KCN/);
    expect((await run(['add', 'x2'], 'a long enough password')).stderr).toMatch(/at least one --kcn/);
    expect((await run(['add', 'x3', '--kcn', 'other'], 'short')).stderr).toMatch(/at least 10/);
    expect((await run(['add', 'x4', '--kcn', 'other', '--role', 'boss'], 'a long enough password')).code).toBe(1);
    expect((await run(['add', 'x5', '--kcn', 'other'])).stderr).toMatch(/OFFICER_PASSWORD/);
    expect((await run(['add', 'chief', '--role', 'supervisor'], 'a long enough password')).code).toBe(0);
  });

  it('enrols TOTP at once for a role that must use it (officers and supervisors under the production default)', async () => {
    const officer = await run(['add', 'can-bo', '--kcn', 'dinh-tram'], 'a long enough password', 'report-staff');
    expect(officer.stdout).toMatch(/otpauth:\/\/totp\//);
    const organiser = await run(['add', 'btc', '--role', 'organizer'], 'a long enough password', 'report-staff');
    expect(organiser.stdout).not.toMatch(/otpauth/);
    expect((await run(['list'])).stdout).toBe('btc\torganizer\t-\tactive\tno-totp\ncan-bo\tofficer\tdinh-tram\tactive\ttotp\n');
  });

  it('disables, enables, resets a password and enrols TOTP', async () => {
    await run(['add', 'lan', '--kcn', 'dinh-tram'], 'first password!');
    expect((await run(['disable', 'lan'])).stdout).toBe('disabled lan\n');
    expect((await t.staff.get('lan'))!.disabled).toBe(true);
    expect((await run(['enable', 'lan'])).code).toBe(0);
    expect((await t.staff.get('lan'))!.disabled).toBe(false);
    expect((await run(['reset-password', 'lan'], 'second password!')).code).toBe(0);
    expect(await verifyPassword((await t.staff.get('lan'))!.passwordHash, 'second password!')).toBe(true);
    const totp = await run(['totp', 'lan']);
    expect(totp.stdout).toMatch(/otpauth:\/\/totp\/ANTQ%20KCN:lan\?.*secret=[A-Z2-7]+/);
    expect((await run(['list'])).stdout).toBe('lan\tofficer\tdinh-tram\tactive\ttotp\n');
    expect((await run(['disable', 'ghost'])).stderr).toMatch(/no such account/);
    expect((await run(['frobnicate', 'lan'])).stderr).toMatch(/unknown command/);
  });

  it('runs as a process with OFFICER_PASSWORD', async () => {
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      APP_SECRET: TEST_SECRET,
      REDIS_URL,
      REDIS_KEY_PREFIX: t.config.redisKeyPrefix,
      OFFICER_PASSWORD: 'process password',
    };
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/officer.ts', 'add', 'hoa', '--kcn', 'hoa-phu', '--role', 'officer'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('added hoa\tofficer\thoa-phu');
    expect(out).not.toContain('process password');
    expect(await verifyPassword((await t.staff.get('hoa'))!.passwordHash, 'process password')).toBe(true);
  });
});
