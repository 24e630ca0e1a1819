/**
 * The officers' live queue on two bot instances over one Redis: a report and the reporter's answer
 * come in through one instance's web chat, the officer works on the other; the answer is marked new
 * (and counted unread) until the officer opens the report, on whichever instance. Also search by code
 * or words, days, open/closed, order; asking claims (said and audited); need_info goes back to
 * in progress. Times stay rounded to the minute, and nothing tells who reported.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText } from '../helpers/conversations.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { addStaff, staffLogin, type StaffClient } from '../helpers/staff.js';

let a: TestBot;
let b: TestBot;
let now = new Date('2026-08-10T02:00:07.123Z');
const tick = (seconds: number) => void (now = new Date(now.getTime() + seconds * 1000));
let officer: StaffClient;
const SESSION = 'queue-reporter-session-000001';

// One reporter sends two reports within a minute of real time: above the default per-user limit, which is not under test.
const LIMITS = { RATE_USER_PER_MINUTE: '200', RATE_WEB_PER_MINUTE: '10000' };

beforeAll(async () => {
  a = await startBot('queue', LIMITS, () => now);
  // A second instance on the same Redis prefix, as behind a load balancer.
  b = await startBot('queue', { ...LIMITS, REDIS_KEY_PREFIX: a.config.redisKeyPrefix }, () => now);
  await addStaff(a, 'lan', 'officer', ['quang-chau']);
  officer = await staffLogin(a.app, 'lan');
});
afterAll(async () => {
  await b.close();
  await a.cleanup();
});

const chat = async (text: string | { payload: string }) =>
  (
    await request(b.app)
      .post('/api/chat')
      .send({ sessionId: SESSION, ...(typeof text === 'string' ? { text } : text) })
      .expect(200)
  ).body.replies as { text: string }[];

async function fileReport(description: string): Promise<string> {
  await chat('tố giác');
  for (const step of ['#report:urgent:no', '#report:cat:theft', '#report:kcn:quang-chau']) await chat({ payload: step });
  await chat('Bãi xe công ty XYZ');
  await chat('Chiều nay');
  await chat(description);
  await chat({ payload: '#report:photos_done' });
  await chat({ payload: '#report:contact:no' });
  const done = allText((await chat({ payload: '#report:confirm' })) as never);
  const code = /TG-[23456789A-HJKMNP-Z]{6}/.exec(done)?.[0];
  expect(code).toBeDefined();
  return code!;
}

const queue = async (on: TestBot, query = '') => (await officer.get(on.app, `/api/admin/reports${query}`).expect(200)).body;
const codes = (body: { reports: { code: string }[] }) => body.reports.map((r) => r.code);

describe('the live queue across instances', () => {
  let first: string;
  let second: string;

  it('marks a reporter’s answer as new, counts it unread on every instance, until the officer opens the report', async () => {
    first = await fileReport('Mất trộm xe đạp điện ở bãi xe công nhân');
    let body = await queue(a);
    expect(body.reports).toMatchObject([{ code: first, status: 'new', newAnswer: false }]);
    expect(body.unread).toBe(0);

    tick(30);
    await officer.get(a.app, `/api/admin/reports/${first}`).expect(200);
    tick(30);
    const asked = await officer.post(a.app, `/api/admin/reports/${first}/messages`, { text: 'Xe màu gì?' }).expect(200);
    expect(asked.body).toEqual({ ok: true, queued: true, claimed: true });

    tick(41);
    const updates = await request(b.app).get('/api/chat/updates').query({ sessionId: SESSION }).expect(200);
    expect(allText(updates.body.replies)).toContain('Xe màu gì?');
    await chat('Xe màu xanh lá, có giỏ phía trước');
    expect(allText((await chat('ok')) as never)).toContain('Đã gửi câu trả lời');

    for (const on of [a, b]) {
      body = await queue(on);
      expect(body.unread).toBe(1);
      expect(body.reports[0]).toMatchObject({ code: first, status: 'need_info', claimedBy: 'lan', newAnswer: true, lastAnswerAt: '2026-08-10T02:01:00.000Z' });
      expect((await officer.get(on.app, `/api/admin/reports/${first}/summary`).expect(200)).body).toMatchObject({ code: first, newAnswer: true });
    }
    expect(JSON.stringify(body)).not.toMatch(/\d\d:\d\d:[1-9]|\.\d*[1-9]\d*Z|web|channel|delivered/);

    tick(5);
    const detail = await officer.get(b.app, `/api/admin/reports/${first}`).expect(200);
    expect(detail.body.messages.map((m: { from: string }) => m.from)).toEqual(['officer', 'reporter']);
    for (const on of [a, b]) expect(await queue(on)).toMatchObject({ unread: 0, reports: [{ code: first, newAnswer: false }] });
  });

  it('audits the claim made by asking, and takes a report waiting for information back to in progress', async () => {
    const audit = await a.redis.xrange(`${a.config.redisKeyPrefix}:staff:audit`, '-', '+');
    const actions = audit.map(([, f]) => `${f[f.indexOf('action') + 1]} ${f[f.indexOf('report') + 1] ?? ''}`);
    expect(actions).toEqual(expect.arrayContaining([`claim ${first}`, `message ${first}`]));
    expect(actions.indexOf(`claim ${first}`)).toBeLessThan(actions.indexOf(`message ${first}`));

    await officer.post(a.app, `/api/admin/reports/${first}/status`, { status: 'claimed', note: 'Không chờ thêm' }).expect(200);
    expect((await queue(b)).reports[0]).toMatchObject({ code: first, status: 'claimed' });
    const again = await officer.post(b.app, `/api/admin/reports/${first}/status`, { status: 'claimed' }).expect(422);
    expect(again.body.error.code).toBe('invalid_status');
  });

  it('searches by code or words (accents ignored), filters by day and open or closed, sorts by age', async () => {
    tick(86_400);
    second = await fileReport('Hai nhóm công nhân đánh nhau trước cổng khu trọ');
    expect(codes(await queue(a))).toEqual([second, first]);
    expect(codes(await queue(a, '?sort=oldest'))).toEqual([first, second]);
    expect(codes(await queue(a, `?q=${first.slice(3, 7).toLowerCase()}`))).toEqual([first]);
    expect(codes(await queue(a, '?q=danh%20nhau'))).toEqual([second]);
    expect(codes(await queue(a, '?q=gio%20phia%20truoc'))).toEqual([first]); // in the reporter's answer
    expect(codes(await queue(a, '?from=2026-08-11'))).toEqual([second]);
    expect(codes(await queue(a, '?to=2026-08-10'))).toEqual([first]);

    await officer.post(a.app, `/api/admin/reports/${first}/status`, { status: 'resolved' }).expect(200);
    expect(codes(await queue(a, '?state=open'))).toEqual([second]);
    expect(codes(await queue(a, '?state=closed'))).toEqual([first]);
    expect(codes(await queue(a))).toEqual([second, first]);
    await officer.get(a.app, '/api/admin/reports?sort=sideways').expect(400);
    await officer.get(a.app, '/api/admin/reports?from=10/8/2026').expect(400);
  });
});
