/** The SignupStore port (events/ports.ts): capacity, waitlist and promotion, memory and Redis alike. */
import { expect, it } from 'vitest';
import type { Signup, SignupStore } from '../../src/events/ports.js';
import { createMemorySignupStore } from '../../src/store/memory/events.js';
import { createRedisSignupStore } from '../../src/store/redis/events.js';
import { contract } from '../helpers/contract.js';

const AT = '2026-07-01T01:00:00.000Z';
const person = (code: string, userKey: string, people = 1): Omit<Signup, 'status'> => ({
  code,
  eventId: 'ev1',
  userKey,
  people,
  createdAt: AT,
  consentAt: AT,
  name: `Người ${code}`,
  enterprise: 'Công ty A',
  phone: '0912345678',
  address: 'sealed',
});

contract<SignupStore>(
  'sign-up store',
  [
    { name: 'memory', build: () => createMemorySignupStore() },
    { name: 'redis', build: ({ redis, prefix, secrets }) => createRedisSignupStore(redis, prefix, secrets.encryption) },
  ],
  (store) => {
    it('confirms within capacity, then waitlists or refuses, and knows each person once', async () => {
      expect(await store().signup(person('DK-AAAAAA', 'u1', 2), 3, false)).toEqual({ outcome: 'confirmed', code: 'DK-AAAAAA' });
      expect(await store().signup(person('DK-BBBBBB', 'u2', 2), 3, false)).toEqual({ outcome: 'full', code: '' });
      expect(await store().signup(person('DK-BBBBBB', 'u2', 2), 3, true)).toEqual({ outcome: 'waitlisted', code: 'DK-BBBBBB' });
      expect(await store().signup(person('DK-CCCCCC', 'u3', 1), 3, false)).toEqual({ outcome: 'confirmed', code: 'DK-CCCCCC' });
      expect(await store().signup(person('DK-DDDDDD', 'u1', 1), 3, false)).toEqual({ outcome: 'already', code: 'DK-AAAAAA' });
      expect(await store().seats('ev1')).toBe(3);
      expect(await store().codeOf('ev1', 'u2')).toBe('DK-BBBBBB');
      expect(await store().get('ev1', 'DK-AAAAAA')).toMatchObject({
        status: 'confirmed',
        people: 2,
        name: 'Người DK-AAAAAA',
        phone: '0912345678',
        address: 'sealed',
      });
      expect((await store().all('ev1')).map((s) => s.code).sort()).toEqual(['DK-AAAAAA', 'DK-BBBBBB', 'DK-CCCCCC']);
    });

    it('cancels only the owner’s sign-up, deletes its personal data and promotes the waitlist in order', async () => {
      expect(await store().cancel('ev1', 'DK-AAAAAA', 'u9', 3, AT)).toEqual({ ok: false, error: 'not_found' });
      expect(await store().cancel('ev1', 'DK-AAAAAA', 'u1', 3, AT)).toEqual({ ok: true, promoted: ['DK-BBBBBB'] });
      expect(await store().cancel('ev1', 'DK-AAAAAA', 'u1', 3, AT)).toEqual({ ok: false, error: 'already_cancelled' });
      const cancelled = await store().get('ev1', 'DK-AAAAAA');
      expect(cancelled).toMatchObject({ status: 'cancelled' });
      expect(cancelled).not.toHaveProperty('name');
      expect(await store().get('ev1', 'DK-BBBBBB')).toMatchObject({ status: 'confirmed' });
      expect(await store().seats('ev1')).toBe(3);
    });

    it('marks once, forgets personal data, and indexes codes', async () => {
      expect(await store().markOnce('ev1', 'DK-CCCCCC', 'checkedInAt', AT)).toBe(true);
      expect(await store().markOnce('ev1', 'DK-CCCCCC', 'checkedInAt', AT)).toBe(false);
      await store().forgetPersonal('ev1', 'DK-CCCCCC');
      const s = await store().get('ev1', 'DK-CCCCCC');
      expect(s).toMatchObject({ checkedInAt: AT, code: 'DK-CCCCCC' });
      expect(s).not.toHaveProperty('phone');
      await store().update('ev1', 'DK-CCCCCC', { notifiedPromotion: AT });
      expect((await store().get('ev1', 'DK-CCCCCC'))?.notifiedPromotion).toBe(AT);
      await store().indexCode('DK-CCCCCC', 'ev1');
      expect(await store().eventOfCode('DK-CCCCCC')).toBe('ev1');
      expect(await store().eventOfCode('DK-ZZZZZZ')).toBeUndefined();
    });

    it('lets an organiser confirm one waiting sign-up by hand, whatever the capacity', async () => {
      const ev = (code: string, user: string, people = 1) => ({ ...person(code, user, people), eventId: 'ev2' });
      await store().signup(ev('DK-EEEEEE', 'u1', 2), 2, false);
      await store().signup(ev('DK-FFFFFF', 'u2', 1), 2, true);
      await store().signup(ev('DK-GGGGGG', 'u3', 3), 2, true);
      expect(await store().promote('ev2', 'DK-GGGGGG', AT)).toBe('promoted');
      expect(await store().get('ev2', 'DK-GGGGGG')).toMatchObject({ status: 'confirmed', promotedAt: AT });
      expect(await store().seats('ev2')).toBe(5);
      expect(await store().promote('ev2', 'DK-GGGGGG', AT)).toBe('not_waiting');
      expect(await store().promote('ev2', 'DK-EEEEEE', AT)).toBe('not_waiting');
      expect(await store().promote('ev2', 'DK-ZZZZZZ', AT)).toBe('not_found');
      // The one still waiting is next in line: a cancellation promotes it, not the one confirmed by hand.
      expect(await store().cancel('ev2', 'DK-GGGGGG', 'u3', 4, AT)).toEqual({ ok: true, promoted: ['DK-FFFFFF'] });
    });

    it('fills the waiting list in order when the capacity is raised, while they fit', async () => {
      const ev = (code: string, user: string, people: number) => ({ ...person(code, user, people), eventId: 'ev3' });
      await store().signup(ev('DK-HHHHHH', 'u1', 2), 2, false);
      await store().signup(ev('DK-JJJJJJ', 'u2', 2), 2, true);
      await store().signup(ev('DK-KKKKKK', 'u3', 3), 2, true);
      await store().signup(ev('DK-MMMMMM', 'u4', 1), 2, true);
      expect(await store().fill('ev3', 2, AT)).toEqual([]);
      // Room for 3 more: the first (2) fits, the second (3) does not, and the one after it waits its turn.
      expect(await store().fill('ev3', 5, AT)).toEqual(['DK-JJJJJJ']);
      expect(await store().fill('ev3', null, AT)).toEqual(['DK-KKKKKK', 'DK-MMMMMM']);
      expect(await store().seats('ev3')).toBe(8);
      expect((await store().all('ev3')).map((s) => s.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
    });
  },
);
