/** Organisers' API: events with counts (their KCNs only), the sign-up CSV, check-in by code. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcnIdsOf } from '../../src/admin/access.js';
import { createStaffStore } from '../../src/admin/staff-store.js';
import type { DelayedQueue } from '../../src/events/ports.js';
import { pseudonymize, sealAddress } from '../../src/lib/crypto.js';
import { content, startBot, type TestBot } from '../helpers/bot.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';

const PASSWORD = 'mật khẩu ban tổ chức 2027';
const noQueue: DelayedQueue = { add: async () => undefined, remove: async () => undefined };
const now = new Date('2027-07-01T02:00:00Z');
let bot: TestBot;

beforeAll(async () => {
  bot = await startBot('evadmin', {}, () => now, undefined, { reminderQueue: noQueue });
  const staff = createStaffStore({
    accounts: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).accounts,
    encryptionKey: bot.secrets.encryption,
    kcnIds: kcnIdsOf(content),
  });
  await staff.add({ username: 'btc-viet-han', password: PASSWORD, role: 'organizer', kcns: ['viet-han'] });
  await staff.add({ username: 'can-bo', password: PASSWORD, role: 'officer', kcns: ['viet-han'] });
});
afterAll(async () => bot.cleanup());

async function login(username: string) {
  const agent = request.agent(bot.app);
  const res = await agent.post('/api/admin/login').send({ username, password: PASSWORD }).expect(200);
  return { agent, csrf: res.body.csrfToken as string };
}

describe('organiser API', () => {
  it('lists their events with counts, exports the CSV byte-wise correct, and checks people in', async () => {
    const signup = (i: number, name: string) =>
      bot.events.service.signup({
        eventId: 'vh-dan-van-kheo',
        userKey: pseudonymize(bot.secrets.pseudonym, 'web', `w${i}`),
        sealedAddress: sealAddress(bot.secrets.encryption, 'web', `w${i}`),
        name,
        enterprise: 'Công ty TNHH Sample Precision',
        phone: '0978123456',
        people: 1,
        waitlist: false,
        now,
      });
    const a = await signup(1, 'Phạm Văn Đức');
    await signup(2, 'Nguyễn "Tí", tổ 2');

    const org = await login('btc-viet-han');
    const list = await org.agent.get('/api/admin/events').expect(200);
    expect(list.body.events.map((e: { id: string }) => e.id)).toEqual(['vh-dan-van-kheo']);
    expect(list.body.events[0]).toMatchObject({ id: 'vh-dan-van-kheo', kcn: 'viet-han', capacity: null, confirmed: 2, waitlisted: 0, checkedIn: 0 });
    expect(Object.keys(list.body.events[0])).toEqual(expect.arrayContaining(['id', 'title', 'kcn', 'startsAt', 'capacity', 'confirmed', 'waitlisted']));

    const csv = await org.agent
      .get('/api/admin/events/vh-dan-van-kheo/signups.csv')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toBe(text.normalize('NFC'));
    expect(text.split('\r\n')[0]).toBe('Họ tên,Doanh nghiệp,Điện thoại,Số người,Trạng thái,Mã,Thời gian đăng ký,Điểm danh lúc');
    // The phone stays text in Excel (its leading 0 kept); the time is Vietnam's (02:00 UTC is 09:00 there).
    expect(text).toContain(`Phạm Văn Đức,Công ty TNHH Sample Precision,"=""0978123456""",1,đã xác nhận,${a.code},2027-07-01 09:00,\r\n`);
    expect(text).toContain('"Nguyễn ""Tí"", tổ 2"');
    expect(csv.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);

    await org.agent.post('/api/admin/events/checkin').send({ code: a.code }).expect(403);
    await org.agent.post('/api/admin/events/checkin').set('X-CSRF-Token', org.csrf).send({ code: 'nope' }).expect(400);
    // 1 July is not the event's day (12 August): refused unless the organiser confirms.
    const early = await org.agent.post('/api/admin/events/checkin').set('X-CSRF-Token', org.csrf).send({ code: a.code.toLowerCase() }).expect(409);
    expect(early.body.error).toMatchObject({ code: 'outside_event_day', eventDay: '12/8/2027' });
    expect((await org.agent.get('/api/admin/events').expect(200)).body.events[0].checkedIn).toBe(0);
    await org.agent.post('/api/admin/events/checkin').set('X-CSRF-Token', org.csrf).send({ code: a.code.toLowerCase(), confirm: true }).expect(200);
    await org.agent.post('/api/admin/events/checkin').set('X-CSRF-Token', org.csrf).send({ code: a.code, confirm: true }).expect(409);
    const audit = await bot.redis.xrevrange(`${bot.config.redisKeyPrefix}:staff:audit`, '+', '-', 'COUNT', 1);
    expect(audit[0]![1].join(' ')).toContain(`vh-dan-van-kheo ${a.code} (outside the event day, confirmed)`);
    expect((await org.agent.get('/api/admin/events').expect(200)).body.events[0].checkedIn).toBe(1);
    await org.agent.get('/api/admin/events/qc-ngay-hoi/signups.csv').expect(403);
    await org.agent.get('/api/admin/reports').expect(403);
  });

  it('keeps officers and strangers out', async () => {
    const officer = await login('can-bo');
    await officer.agent.get('/api/admin/events').expect(403);
    await request(bot.app).get('/api/admin/events').expect(401);
  });
});
