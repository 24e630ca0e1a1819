/**
 * The features tell the statistics each thing once: a report's first claim (not a second claim, nor a
 * claim after it went back to the queue), its first question and first answer, its close; a sign-up,
 * the waiting list, a promotion, a cancellation, a check-in (not a second one).
 */
import { describe, expect, it } from 'vitest';
import type { FestivalEvent } from '../../../src/festival/data.js';
import { createEventsService } from '../../../src/events/service.js';
import type { EventCounts } from '../../../src/events/ports.js';
import { createOfficerService } from '../../../src/reports/officer-service.js';
import { createReporterService } from '../../../src/reports/reporter-service.js';
import type { ReportFacts } from '../../../src/reports/ports.js';
import { createMemoryReportStore } from '../../../src/store/memory/reports.js';
import { createMemorySignupStore } from '../../../src/store/memory/events.js';
import { content } from '../../helpers/bot.js';

describe('report events', () => {
  it('counts the first claim with its time, the first question, the first answer and the close, once each', async () => {
    const store = createMemoryReportStore();
    const told: string[] = [];
    const note =
      (what: string) =>
      async (r: ReportFacts, ...more: string[]) =>
        void told.push([what, r.kcn, r.createdAt, ...more].join(' '));
    let now = new Date('2027-07-06T01:10:00Z');
    const record = { claimed: note('claimed'), asked: note('asked'), closed: note('closed'), answered: note('answered') };
    const officer = createOfficerService({
      store,
      clock: () => now,
      relay: async () => false,
      reporterInbox: () => 'inbox',
      escalateMs: 3_600_000,
      retentionDays: 30,
      record,
    });
    const reporter = createReporterService({
      store,
      lookupSecret: Buffer.alloc(32, 1),
      tokenSecret: Buffer.alloc(32, 2),
      options: {
        dailyLimit: 5,
        photoMaxBytes: 1,
        photoTimeoutMs: 1,
        photoHosts: [],
        retentionDays: 30,
        timezone: 'Asia/Ho_Chi_Minh',
        lookupCodeMax: 10,
        lookupLockMs: 1,
      },
      record,
    });
    await store.submit(
      {
        code: 'TG-AAA111',
        category: 'theft',
        kcn: 'dinh-tram',
        createdAt: '2027-07-06T01:00:00.000Z',
        reporterToken: 't',
        address: 'sealed',
        lookup: 'l',
        description: 'd',
        when: 'w',
        photos: [],
      },
      { reporter: 'r', day: '2027-07-06', dailyLimit: 5, draftPhotos: [], photoTtlSeconds: 60 },
    );
    expect((await officer.claim('TG-AAA111', 'lan')).ok).toBe(true);
    now = new Date('2027-07-06T01:20:00Z');
    expect((await officer.claim('TG-AAA111', 'lan')).ok).toBe(true);
    await officer.ask('TG-AAA111', 'lan', 'Câu hỏi 1?');
    await officer.ask('TG-AAA111', 'lan', 'Câu hỏi 2?');
    const ctx = { userKey: 'u', pseudonymFor: () => 'r', channel: 'web', lang: 'vi' as const, now, sealedAddress: 's' };
    await reporter.addInfo('TG-AAA111', 'Trả lời 1', ctx);
    await reporter.addInfo('TG-AAA111', 'Thêm 2', ctx);
    now = new Date('2027-07-06T02:00:00Z');
    expect((await officer.setStatus('TG-AAA111', 'lan', 'resolved')).ok).toBe(true);
    expect((await officer.setStatus('TG-AAA111', 'lan', 'resolved')).ok).toBe(false);
    expect(told).toEqual([
      'claimed dinh-tram 2027-07-06T01:00:00.000Z 2027-07-06T01:10:00.000Z',
      'asked dinh-tram 2027-07-06T01:00:00.000Z',
      'answered dinh-tram 2027-07-06T01:00:00.000Z',
      'closed dinh-tram 2027-07-06T01:00:00.000Z resolved 2027-07-06T02:00:00.000Z',
    ]);
  });
});

describe('sign-up events', () => {
  it('counts sign-ups, the waiting list, a promotion, cancellations and one check-in per code', async () => {
    const event: FestivalEvent = { ...content.data.events.events[0]!, id: 'small', capacity: 2 };
    const told: [string, EventCounts][] = [];
    const service = createEventsService({
      store: createMemorySignupStore(),
      events: [event],
      notify: async () => undefined,
      record: async (id, c) => void told.push([id, c]),
    });
    const now = new Date(Date.parse(event.signupDeadline) - 86_400_000);
    const signup = (user: string, people: number) =>
      service.signup({ eventId: 'small', userKey: user, sealedAddress: 's', name: 'N', enterprise: 'E', phone: '0912000000', people, waitlist: true, now });
    const a = await signup('a', 2);
    const b = await signup('b', 1);
    const c = await signup('c', 1);
    expect([a.outcome, b.outcome, c.outcome]).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    await service.cancel(c.code, 'c', now);
    await service.cancel(a.code, 'a', now);
    expect((await service.checkIn(b.code, now)).ok).toBe(true);
    expect((await service.checkIn(b.code, now)).ok).toBe(false);
    const sum: Record<string, number> = {};
    for (const [, counts] of told) for (const [k, v] of Object.entries(counts)) sum[k] = (sum[k] ?? 0) + v;
    // Now: b confirmed (promoted), checked in; nobody waiting; a and c cancelled.
    expect(sum).toEqual({ confirmed: 1, confirmedPeople: 1, waitlisted: 0, cancelled: 2, checkedIn: 1, checkedInPeople: 1 });
    expect(new Set(told.map(([id]) => id))).toEqual(new Set(['small']));
  });
});

describe("organisers' changes to sign-ups", () => {
  it('counts a sign-up an organiser removes as cancelled, and the waiting person it lets in as confirmed', async () => {
    const event: FestivalEvent = { ...content.data.events.events[0]!, id: 'small', capacity: 2 };
    const told: EventCounts[] = [];
    const service = createEventsService({
      store: createMemorySignupStore(),
      events: [event],
      notify: async () => undefined,
      record: async (_id, c) => void told.push(c),
    });
    const now = new Date(Date.parse(event.signupDeadline) - 86_400_000);
    const signup = (user: string, people: number) =>
      service.signup({ eventId: 'small', userKey: user, sealedAddress: 's', name: 'N', enterprise: 'E', phone: '0912000000', people, waitlist: true, now });
    const a = await signup('a', 2);
    const b = await signup('b', 1);
    expect((await service.remove(event, a.code, 'Đăng ký trùng', now)).ok).toBe(true);
    const sum: Record<string, number> = {};
    for (const counts of told) for (const [k, v] of Object.entries(counts)) sum[k] = (sum[k] ?? 0) + v;
    // b was promoted into a's place; a counts as cancelled.
    expect(sum).toEqual({ confirmed: 1, confirmedPeople: 1, waitlisted: 0, cancelled: 1 });
    expect((await service.checkIn(b.code, now)).ok).toBe(true);
  });
});
