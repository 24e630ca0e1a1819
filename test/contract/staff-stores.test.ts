/** The staff side's ports (admin/ports.ts) on Redis: accounts, sessions, lock-out, audit, alert links, marks, read marks. */
import { expect, it } from 'vitest';
import type { StaffStores } from '../../src/admin/ports.js';
import type { Account } from '../../src/admin/types.js';
import { DEFAULT_LOCKOUT } from '../../src/admin/lockout.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';
import { contract } from '../helpers/contract.js';

const account = (username: string): Account => ({
  v: 1,
  username,
  role: 'officer',
  kcns: ['dinh-tram'],
  disabled: false,
  passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
  createdAt: '2026-05-01T00:00:00.000Z',
  sessionsValidAfter: 0,
});

contract<StaffStores>(
  'staff stores',
  [{ name: 'redis', build: ({ redis, prefix }) => createRedisStaffStores(redis, prefix, () => new Date('2026-05-01T08:00:00Z')) }],
  (stores) => {
    it('accounts: created once, saved, listed by username', async () => {
      expect(await stores().accounts.create(account('minh'))).toBe(true);
      expect(await stores().accounts.create(account('lan'))).toBe(true);
      expect(await stores().accounts.create(account('lan'))).toBe(false);
      await stores().accounts.save({ ...account('lan'), disabled: true });
      expect(await stores().accounts.get('lan')).toEqual({ ...account('lan'), disabled: true });
      expect(await stores().accounts.get('nobody')).toBeUndefined();
      expect((await stores().accounts.list()).map((a) => a.username)).toEqual(['lan', 'minh']);
    });

    it('sessions: kept, refreshed on read, deleted', async () => {
      await stores().sessions.put('sid', '{"v":1}', 60);
      expect(await stores().sessions.touch('sid', 60)).toBe('{"v":1}');
      await stores().sessions.delete('sid');
      expect(await stores().sessions.touch('sid', 60)).toBeUndefined();
    });

    it('lock-out: a pair locks after its attempts, the address keeps counting, success clears the pair', async () => {
      const limits = { ...DEFAULT_LOCKOUT, maxPerAccountIp: 2 };
      expect(await stores().lockout.reserve('lan', '10.0.0.1', limits)).toEqual({ retryAfter: 0, lockedNow: false });
      expect(await stores().lockout.reserve('lan', '10.0.0.1', limits)).toEqual({ retryAfter: 0, lockedNow: false });
      expect(await stores().lockout.reserve('lan', '10.0.0.1', limits)).toEqual({ retryAfter: limits.firstLockSeconds, lockedNow: true });
      expect((await stores().lockout.reserve('lan', '10.0.0.1', limits)).retryAfter).toBeGreaterThan(0);
      expect(await stores().lockout.reserve('lan', '10.0.0.2', limits)).toEqual({ retryAfter: 0, lockedNow: false });
      await stores().lockout.refund('lan', '10.0.0.2');
      await stores().lockout.succeed('lan', '10.0.0.2');
      expect(await stores().lockout.reserve('lan', '10.0.0.2', limits)).toEqual({ retryAfter: 0, lockedNow: false });
    });

    it('audit: appended, read newest first, paged with `before`', async () => {
      await stores().audit.append({ actor: 'lan', action: 'login', detail: '10.0.0.1' });
      await stores().audit.append({ actor: 'lan', action: 'claim', report: 'TG-AAAAAA' });
      const all = await stores().audit.list({ limit: 10 });
      expect(all.map((e) => e.action)).toEqual(['claim', 'login']);
      expect(all[0]).toMatchObject({ actor: 'lan', report: 'TG-AAAAAA', at: '2026-05-01T08:00:00.000Z' });
      expect((await stores().audit.list({ limit: 10, before: all[0]!.id })).map((e) => e.action)).toEqual(['login']);
    });

    it('alert links: a code works once; addresses by staff member', async () => {
      expect(await stores().alertLinks.putCode('123456', 'lan', 60)).toBe(true);
      expect(await stores().alertLinks.putCode('123456', 'minh', 60)).toBe(false);
      expect(await stores().alertLinks.takeCode('123456')).toBe('lan');
      expect(await stores().alertLinks.takeCode('123456')).toBeUndefined();
      await stores().alertLinks.setAddress('lan', 'sealed-lan');
      expect(await stores().alertLinks.address('lan')).toBe('sealed-lan');
      expect(await stores().alertLinks.addresses(['minh', 'lan'])).toEqual([undefined, 'sealed-lan']);
      await stores().alertLinks.deleteAddress('lan');
      expect(await stores().alertLinks.address('lan')).toBeUndefined();
    });

    it('read marks: the last time each staff member opened each report', async () => {
      expect(await stores().reads.openedAt('lan', [])).toEqual([]);
      await stores().reads.opened('lan', 'TG-AAAAAA', 1000);
      await stores().reads.opened('lan', 'TG-AAAAAA', 2000);
      await stores().reads.opened('minh', 'TG-BBBBBB', 3000);
      expect(await stores().reads.openedAt('lan', ['TG-BBBBBB', 'TG-AAAAAA'])).toEqual([undefined, 2000]);
      expect(await stores().reads.openedAt('minh', ['TG-AAAAAA', 'TG-BBBBBB'])).toEqual([undefined, 3000]);
    });

    it('marks: true only the first time', async () => {
      expect(await stores().marks.firstLockNotice('lan', 60)).toBe(true);
      expect(await stores().marks.firstLockNotice('lan', 60)).toBe(false);
      expect(await stores().marks.firstTotpUse('lan', 42, 60)).toBe(true);
      expect(await stores().marks.firstTotpUse('lan', 42, 60)).toBe(false);
      expect(await stores().marks.firstTotpUse('lan', 43, 60)).toBe(true);
    });
  },
);
