/**
 * The board's statistics over a month of known activity (test/helpers/stats-activity.ts), through the
 * whole bot on the real Redis (or the Redis Cluster in .ci/run): the JSON and the CSV give exactly the
 * month's figures, each role gets only its part, and nothing in any answer names a person, carries a
 * report's text or shows a small count where the breakdown is finer than park × month.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featurePseudonym, pseudonymize } from '../../src/lib/crypto.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { addStaff, EXPECTED, fillJuly2027, login, PERIOD, READ_AT, testClock, type Activity } from '../helpers/stats-activity.js';
import { isolateNetwork, ZALO_ENV } from '../helpers/zalo.js';
import { rawBytes } from '../helpers/http.js';

let bot: TestBot;
let activity: Activity;
const clock = testClock(new Date('2027-07-01T00:00:00Z'));
const query = `from=${PERIOD.from}&to=${PERIOD.to}`;

beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('stats', { ...ZALO_ENV }, clock.now);
  await addStaff(bot);
  activity = await fillJuly2027(bot, clock);
}, 90_000);
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await bot?.cleanup();
});

async function stats(username: string, q = query) {
  const { agent } = await login(bot, username);
  return agent.get(`/api/admin/stats?${q}`);
}

describe('the figures of a month with known activity', () => {
  it('JSON: reports, events, questions, broadcasts and reach exactly as they happened', async () => {
    const res = await stats('chi-huy');
    expect(res.status).toBe(200);
    const f = res.body;
    expect(f.period).toEqual({ from: PERIOD.from, to: PERIOD.to, timeZone: 'Asia/Ho_Chi_Minh', wholeMonths: true });
    expect(f.parts).toEqual(['reports', 'events', 'content']);
    expect(f.threshold).toBe(3);
    expect(f.generatedAt).toBe(READ_AT.toISOString());
    expect(f.reports).toMatchObject(EXPECTED.reports);
    expect(f.reports.byWeek).toEqual(EXPECTED.weeks);
    expect(f.events).toMatchObject(EXPECTED.events);
    expect(f.events.byEvent.map((e: { id: string; signups: number; checkedIn: number; noShows: number }) => [e.id, e.signups, e.checkedIn, e.noShows])).toEqual(
      [
        ['dt-le-khai-mac', 2, 1, 1],
        ['qc-bong-da', 2, 2, 0],
        ['vt-van-nghe', 0, 0, 0],
      ],
    );
    expect(f.faq).toMatchObject({ ...EXPECTED.faq, unansweredKeptDays: 30 });
    expect(f.faq.topEntries.slice(0, 2)).toEqual([
      { id: 'antq-meaning', title: expect.any(String), count: 2 },
      { id: 'rewards', title: expect.any(String), count: 1 },
    ]);
    expect(f.broadcasts).toMatchObject(EXPECTED.broadcasts);
    expect(f.reach).toMatchObject(EXPECTED.reach);
    expect(f.reach.views.slogans).toBe(1);
  });

  it('CSV: a period with no report leaves the processing times empty, not hidden', async () => {
    const { agent } = await login(bot, 'chi-huy');
    const res = await agent.get('/api/admin/stats.csv?from=2027-01-01&to=2027-01-31').buffer(true).parse(rawBytes);
    const lines = (res.body as Buffer).toString('utf8').slice(1).split('\r\n');
    expect(lines).toContain('Tin tố giác,Tin đã có cán bộ nhận xử lý,,0');
    expect(lines).toContain('Tin tố giác,Thời gian đến khi có cán bộ nhận (trung vị),,');
    expect(lines).toContain('Tin tố giác,Thời gian đến khi đóng tin (90% số tin),,');
  });

  it('CSV: UTF-8 with a BOM, Vietnam time, the same figures as the JSON', async () => {
    const { agent } = await login(bot, 'chi-huy');
    const res = await agent.get(`/api/admin/stats.csv?${query}`).buffer(true).parse(rawBytes);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines).toContain('Kỳ báo cáo,1/7/2027 – 31/7/2027');
    expect(lines).toContain('Thời điểm lập (giờ Việt Nam),02/08/2027 10:00'); // 03:00 UTC
    for (const line of [
      'Tin tố giác,Tổng số tin nhận được,,7',
      'Tin tố giác,Theo KCN,Đình Trám,4',
      'Tin tố giác,Theo KCN,Quang Châu,3',
      'Tin tố giác,Theo loại vụ việc,Trộm cắp tài sản,4',
      'Tin tố giác,Theo loại vụ việc,"Đánh nhau, gây rối",<3',
      'Tin tố giác,Trạng thái hiện nay,Mới,3',
      'Tin tố giác,Trạng thái hiện nay,Đã giải quyết,<3',
      'Tin tố giác,Thời gian đến khi có cán bộ nhận (trung vị),,25',
      'Tin tố giác,Thời gian đến khi đóng tin (trung vị),,90',
      'Tin tố giác,"Tin quá hạn chưa có người nhận, đã báo chỉ huy",,3',
      'Sự kiện Ngày hội,Lượt đăng ký đã xác nhận,,4',
      'Sự kiện Ngày hội,Lượt điểm danh,,3',
      'Sự kiện Ngày hội,Đăng ký nhưng không đến,,1',
      'Hỏi đáp,Câu hỏi người dùng gõ,,5',
      'Hỏi đáp,Bot chưa trả lời được,,2',
      'Tin gửi hàng loạt,Đã gửi tới người nhận,,1',
      'Tuyên truyền,"Lượt người trò chuyện với bot, theo kênh",Zalo,3',
    ]) {
      expect(lines).toContain(line);
    }
    const audit = await agent.get('/api/admin/audit').expect(200);
    expect(audit.body.entries[0]).toMatchObject({ actor: 'chi-huy', action: 'export' });
    expect(audit.body.entries[0].detail).toContain(`stats ${PERIOD.from}..${PERIOD.to}`);
  });
});

describe('each role sees its part', () => {
  it('an officer: the report part of their own park only; another park is refused', async () => {
    const res = await stats('lan');
    expect(res.status).toBe(200);
    expect(res.body.parts).toEqual(['reports']);
    expect(res.body.kcn).toEqual(['dinh-tram']);
    expect(res.body).not.toHaveProperty('events');
    expect(res.body).not.toHaveProperty('faq');
    expect(res.body).not.toHaveProperty('reach');
    expect(res.body.reports).toMatchObject({ total: 4, byKcn: { 'dinh-tram': 4 }, claimed: 3, medianMinutesToClaim: 20, p90MinutesToClaim: 30 });
    expect(Object.keys(res.body.reports.byKcn)).toEqual(['dinh-tram']);
    expect((await stats('lan', `${query}&kcn=quang-chau`)).status).toBe(403);
    expect((await stats('lan', `${query}&kcn=dinh-tram,quang-chau`)).status).toBe(403);
  });

  it('an organiser: events of their parks and the content part, no reports', async () => {
    const res = await stats('btc');
    expect(res.body.parts).toEqual(['events', 'content']);
    expect(res.body).not.toHaveProperty('reports');
    expect(res.body.events).toMatchObject({ held: 2, signups: 4, checkedIn: 3, noShows: 1 });
    expect(res.body.faq).toMatchObject(EXPECTED.faq);
    expect((await stats('btc', `${query}&kcn=van-trung`)).status).toBe(403);
  });

  it('a supervisor: every part, any park; bad queries get 400', async () => {
    const one = await stats('chi-huy', `${query}&kcn=quang-chau`);
    expect(one.body.reports).toMatchObject({ total: 3, byKcn: { 'quang-chau': 3 } });
    for (const bad of ['from=2027-07-32&to=2027-07-31', 'from=2027-08-01&to=2027-07-01', 'from=2025-01-01&to=2027-07-31', `${query}&kcn=nowhere`]) {
      expect((await stats('chi-huy', bad)).status).toBe(400);
    }
  });

  it('without a session: 401', async () => {
    const { default: request } = await import('supertest');
    await request(bot.app).get(`/api/admin/stats?${query}`).expect(401);
  });
});

describe('privacy of the figures', () => {
  it('no answer (JSON or CSV) names a person, carries a report text or code, or shows a small count below park × month', async () => {
    const bodies: string[] = [];
    for (const who of ['chi-huy', 'btc', 'lan', 'minh']) {
      for (const q of [query, 'from=2027-07-05&to=2027-07-11', 'from=2027-07-14&to=2027-07-15']) {
        const res = await stats(who, q);
        expect(res.status).toBe(200);
        bodies.push(JSON.stringify(res.body));
        expectNoSmallCounts(res.body);
        // The CSV of the same period and role: the same figures, so the same secrets must be absent.
        const csv = await (await login(bot, who)).agent.get(`/api/admin/stats.csv?${q}`).buffer(true).parse(rawBytes);
        expect(csv.status).toBe(200);
        bodies.push((csv.body as Buffer).toString('utf8'));
      }
    }
    const all = bodies.join('\n');
    const people = [
      ...activity.zaloIds.flatMap((id) => {
        const key = pseudonymize(bot.secrets.pseudonym, 'zalo', id);
        return [id, key, featurePseudonym(bot.secrets, 'report', key), featurePseudonym(bot.secrets, 'signup', key)];
      }),
      ...activity.webIds.map((id) => pseudonymize(bot.secrets.pseudonym, 'web', id)),
      ...[1, 2, 3, 4, 5, 6, 7].map((n) => featurePseudonym(bot.secrets, 'report', pseudonymize(bot.secrets.pseudonym, 'web', `reporter-${n}`))),
      'signup-u1',
    ];
    for (const secret of [...people, ...activity.codes, ...activity.descriptions, 'Xe màu đỏ', 'Bạn nhớ xe màu gì không?']) expect(all).not.toContain(secret);
    // The counters in Redis hold no user key either: only day-bound pseudonyms inside HyperLogLogs.
    const keys = (await bot.keysInRedis()).filter((k) => k.includes(':stats:'));
    expect(keys.length).toBeGreaterThan(0);
    const dump = await bot.dumpRedis();
    const statsDump = dump.split('\n').filter((l) => l.includes(':stats:'));
    for (const secret of people) expect(statsDump.join('\n')).not.toContain(secret);
  });
});

/** Every count of a breakdown finer than park × month is 0, at least the threshold, or hidden (null). */
function expectNoSmallCounts(f: Record<string, any>): void {
  const t = f.threshold as number;
  const small = (n: unknown) => typeof n === 'number' && n > 0 && n < t;
  const r = f.reports;
  if (!r) return;
  const fine: unknown[] = [
    ...Object.values(r.byCategory),
    ...Object.values(r.byStatus),
    ...r.byWeek.map((w: { count: unknown }) => w.count),
    ...(f.period.wholeMonths ? [] : [r.total, ...Object.values(r.byKcn), r.claimed, r.closed, r.followUp.asked, r.followUp.answered, r.escalated]),
  ];
  expect(fine.filter(small)).toEqual([]);
}
