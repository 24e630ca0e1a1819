/**
 * Known activity in July 2027 (Vietnam time) for the statistics' tests: seven reports in two parks with
 * claims, a question, an answer and closes at known minutes, three outside the month or the parks'
 * range; sign-ups, a cancellation and check-ins at two of the month's sample events; typed FAQ
 * questions (three answered, two not); Zalo users who subscribe and a broadcast that reaches one of
 * them and finds the other outside the Zalo window. Every step goes through the bot as it would for a
 * worker or an officer (webhooks, the web chat's turns, the admin API), at clock times the test sets.
 * `EXPECTED` is what the figures must say for 2027-07-01..2027-07-31 (threshold 3).
 */
import request from 'supertest';
import { expect } from 'vitest';
import { kcnIdsOf } from '../../src/admin/access.js';
import { createStaffStore } from '../../src/admin/staff-store.js';
import type { Role } from '../../src/admin/types.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';
import { content, effectContext, type TestBot } from './bot.js';
import { postWebhook, stubCs, zaloEvent, zaloUserId, type CsCall } from './zalo.js';

export const PASSWORD = 'mật khẩu thống kê 2027';
export const PERIOD = { from: '2027-07-01', to: '2027-07-31' };
/** When the figures are read: after the month's events ended. */
export const READ_AT = new Date('2027-08-02T03:00:00Z');

/** A clock the bot reads and the test moves. */
export function testClock(start: Date) {
  let now = start;
  return { now: () => now, set: (iso: string) => void (now = new Date(iso)) };
}
export type TestClock = ReturnType<typeof testClock>;

/** Staff of the tests: a supervisor, an organiser of both parks, one officer per park. */
export const STAFF: [string, Role, string[]][] = [
  ['chi-huy', 'supervisor', []],
  ['btc', 'organizer', ['dinh-tram', 'quang-chau']],
  ['lan', 'officer', ['dinh-tram']],
  ['minh', 'officer', ['quang-chau']],
];

export async function addStaff(bot: TestBot): Promise<void> {
  const staff = createStaffStore({
    accounts: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).accounts,
    encryptionKey: bot.secrets.encryption,
    kcnIds: kcnIdsOf(content),
  });
  for (const [username, role, kcns] of STAFF) expect((await staff.add({ username, password: PASSWORD, role, kcns })).ok).toBe(true);
}

export async function login(bot: TestBot, username: string) {
  const agent = request.agent(bot.app);
  const res = await agent.post('/api/admin/login').send({ username, password: PASSWORD }).expect(200);
  return { agent, csrf: res.body.csrfToken as string };
}

/** Minutes after an ISO instant, as ISO. */
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** What the test users were, to check that no figure carries them. */
export interface Activity {
  codes: string[];
  descriptions: string[];
  zaloIds: string[];
  webIds: string[];
}

async function report(bot: TestBot, clock: TestClock, at: string, kcn: string, category: string, n: number): Promise<{ code: string; description: string }> {
  clock.set(at);
  const description = `Tin thử ${n}: ${category} ở ${kcn}, người báo số ${n}`;
  const ctx = effectContext(bot, 'web', `reporter-${n}`, new Date(at));
  const draft = { category, kcn, when: 'sáng nay', description, photos: [] };
  const out = await bot.reports.reporter.submit(draft, ctx);
  const code = /TG-[A-Z0-9]{6}/.exec(JSON.stringify(out.say))?.[0];
  expect(code).toBeDefined();
  return { code: code!, description };
}

/** One typed message from a Zalo user through the signed webhook, at the bot's clock. */
async function zaloSays(bot: TestBot, clock: TestClock, userId: string, text: string): Promise<void> {
  await postWebhook(bot.app, zaloEvent('user_send_text', { userId, text, at: clock.now() })).expect(200);
  await bot.intake.idle();
}

/** Fills July 2027; returns what identifies the test's users and reports. */
export async function fillJuly2027(bot: TestBot, clock: TestClock): Promise<Activity> {
  const calls: CsCall[] = stubCs();
  const a: Activity = { codes: [], descriptions: [], zaloIds: [zaloUserId(), zaloUserId()], webIds: ['web-a', 'web-b'] };
  const lan = await login(bot, 'lan');
  const minh = await login(bot, 'minh');
  const btc = await login(bot, 'btc');
  const officer = (o: { agent: ReturnType<typeof request.agent>; csrf: string }, code: string) => ({
    claim: () => o.agent.post(`/api/admin/reports/${code}/claim`).set('X-CSRF-Token', o.csrf).expect(200),
    close: (status: string) => o.agent.post(`/api/admin/reports/${code}/status`).set('X-CSRF-Token', o.csrf).send({ status }).expect(200),
    ask: (text: string) => o.agent.post(`/api/admin/reports/${code}/messages`).set('X-CSRF-Token', o.csrf).send({ text }).expect(200),
  });

  // Reports (times are UTC; Vietnam is UTC+7). Two fall outside the month by a few hours of local time.
  const reports = [
    ['2027-07-06T01:00:00Z', 'dinh-tram', 'theft'],
    ['2027-07-07T01:00:00Z', 'dinh-tram', 'theft'],
    ['2027-07-14T01:00:00Z', 'dinh-tram', 'theft'],
    ['2027-07-15T01:00:00Z', 'dinh-tram', 'fight'],
    ['2027-07-08T02:00:00Z', 'quang-chau', 'theft'],
    ['2027-07-21T02:00:00Z', 'quang-chau', 'drugs'],
    ['2027-07-22T02:00:00Z', 'quang-chau', 'drugs'],
    ['2027-06-30T16:30:00Z', 'dinh-tram', 'theft'], // 30/6 23:30 local: June
    ['2027-07-31T17:30:00Z', 'quang-chau', 'theft'], // 1/8 00:30 local: August
  ] as const;
  const made: { code: string; at: string }[] = [];
  for (const [i, [at, kcn, category]] of reports.entries()) {
    const r = await report(bot, clock, at, kcn, category, i + 1);
    a.codes.push(r.code);
    a.descriptions.push(r.description);
    made.push({ code: r.code, at });
  }
  const [d1, d2, d3, , q1] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0], unknown, (typeof made)[0]];
  // Claims 10, 20, 30 (Đình Trám) and 40 (Quang Châu) minutes after each report: median 25, 90th percentile 40.
  for (const [r, who, minutes] of [
    [d1, lan, 10],
    [d2, lan, 20],
    [d3, lan, 30],
    [q1, minh, 40],
  ] as const) {
    clock.set(plus(r.at, minutes));
    await officer(who, r.code).claim();
  }
  // Closed 60 and 120 minutes (resolved) and 90 minutes (rejected) after: median 90, 90th percentile 120.
  clock.set(plus(d1.at, 60));
  await officer(lan, d1.code).close('resolved');
  clock.set(plus(d2.at, 120));
  await officer(lan, d2.code).close('resolved');
  clock.set(plus(q1.at, 90));
  await officer(minh, q1.code).close('rejected');
  // One question, answered by the reporter: the report waits for information.
  clock.set(plus(d3.at, 45));
  await officer(lan, d3.code).ask('Bạn nhớ xe màu gì không?');
  await bot.reports.reporter.reply(d3.code, 'Xe màu đỏ', effectContext(bot, 'web', 'reporter-3', clock.now()));
  // Reports still new 5 hours after the last one are flagged to supervisors: the four unclaimed ones, three of them in July.
  clock.set('2027-08-01T00:00:00Z');
  await bot.reports.runJobs(clock.now());

  // Sign-ups: three at the Đình Trám opening (one of two people cancels), two at the Quang Châu match.
  const signup = async (eventId: string, user: string, people: number) => {
    const res = await bot.events.service.signup({
      eventId,
      userKey: `signup-${user}`,
      sealedAddress: effectContext(bot, 'web', user, clock.now()).sealedAddress,
      name: `Người ${user}`,
      enterprise: 'Công ty thử',
      phone: '0912000000',
      people,
      waitlist: false,
      now: clock.now(),
    });
    expect(res.outcome).toBe('confirmed');
    return res.code;
  };
  clock.set('2027-07-10T02:00:00Z');
  const s1 = await signup('dt-le-khai-mac', 'u1', 1);
  const s2 = await signup('dt-le-khai-mac', 'u2', 2);
  await signup('dt-le-khai-mac', 'u3', 1);
  const s4 = await signup('qc-bong-da', 'u4', 1);
  const s5 = await signup('qc-bong-da', 'u5', 1);
  expect((await bot.events.service.cancel(s2, 'signup-u2', clock.now())).ok).toBe(true);
  const checkin = (code: string) => btc.agent.post('/api/admin/events/checkin').set('X-CSRF-Token', btc.csrf).send({ code }).expect(200);
  clock.set('2027-07-24T01:00:00Z');
  await checkin(s1);
  clock.set('2027-07-26T09:00:00Z');
  await checkin(s4);
  await checkin(s5);

  // Typed questions on the web chat: three answered by the FAQ, two it cannot answer.
  const web = async (user: string, text: string) => bot.handle({ channel: 'web', userId: user, text, at: clock.now() });
  clock.set('2027-07-05T03:00:00Z');
  await web('web-a', 'ANTQ là gì');
  await web('web-b', 'Có khen thưởng gì không');
  await web('web-b', 'xyzzy plugh qwrtp');
  clock.set('2027-07-06T03:00:00Z');
  await web('web-a', 'ANTT nghĩa là gì');
  await web('web-a', 'blorft snargle wibble');

  // Two Zalo users subscribe on 2/7; one writes again on 19/7; the broadcast of 20/7 reaches only them.
  const [z1, z2] = a.zaloIds as [string, string];
  clock.set('2027-07-02T03:00:00Z');
  for (const z of [z1, z2]) {
    await zaloSays(bot, clock, z, 'đăng ký nhận tin');
    await zaloSays(bot, clock, z, '#subscribe:festival');
  }
  clock.set('2027-07-19T03:00:00Z');
  await zaloSays(bot, clock, z1, 'khẩu hiệu');
  clock.set('2027-07-20T03:00:00Z');
  const started = await bot.broadcasts.startMessage({ topic: 'festival', text: { vi: 'Tin thử Ngày hội', en: 'Test festival news' } }, 'chi-huy');
  expect(started.ok).toBe(true);
  const workers = bot.broadcasts.runWorkers();
  const id = started.ok ? started.report.id : '';
  for (let i = 0; i < 300 && (await bot.broadcasts.report(id))?.status !== 'done'; i++) await new Promise((r) => setTimeout(r, 50));
  expect((await bot.broadcasts.report(id))?.status).toBe('done');
  await workers.close();
  expect(calls.some((c) => c.userId === z1 && JSON.stringify(c).includes('Tin thử Ngày hội'))).toBe(true);

  clock.set(READ_AT.toISOString());
  await bot.stats.recorder.flush();
  return a;
}

/** The figures of July 2027 for a supervisor (every part, every park), threshold 3. */
export const EXPECTED = {
  reports: {
    total: 7,
    byKcn: { 'dinh-tram': 4, 'quang-chau': 3, 'van-trung': 0 },
    // Finer than park × month: 1 and 2 are hidden.
    byCategory: { theft: 4, fight: null, drugs: null, fraud: 0 },
    byStatus: { new: 3, claimed: 0, need_info: null, resolved: null, rejected: null },
    claimed: 4,
    medianMinutesToClaim: 25,
    p90MinutesToClaim: 40,
    closed: 3,
    medianMinutesToClose: 90,
    p90MinutesToClose: 120,
    followUp: { asked: 1, answered: 1, share: null },
    escalated: 3,
  },
  weeks: [
    { week: '2027-W26', from: '2027-07-01', to: '2027-07-04', count: 0 },
    { week: '2027-W27', from: '2027-07-05', to: '2027-07-11', count: 3 },
    { week: '2027-W28', from: '2027-07-12', to: '2027-07-18', count: null },
    { week: '2027-W29', from: '2027-07-19', to: '2027-07-25', count: null },
    { week: '2027-W30', from: '2027-07-26', to: '2027-07-31', count: 0 },
  ],
  events: {
    held: 3,
    heldByKcn: { 'dinh-tram': 1, 'quang-chau': 1, 'van-trung': 1 },
    signups: 4,
    people: 4,
    waitlisted: 0,
    cancelled: 1,
    checkedIn: 3,
    noShows: 1,
  },
  faq: { asked: 5, answered: 3, unanswered: 2 },
  broadcasts: { started: 1, delivered: 1, outsideWindow: 1, failed: 0 },
  reach: { usersByChannel: { zalo: 3, messenger: 0, web: 3 }, userDays: 6, newSubscribers: { festival: 2, slogan: 0, safety: 0 } },
};
