/** Event sign-ups: capacity under concurrency, waitlist promotion, the chat flow, reminders on a fake clock, CSV, QR, retention. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender } from '../../src/core/ports.js';
import type { OutboundMessage } from '../../src/core/message.js';
import type { DelayedQueue, ReminderJob } from '../../src/events/ports.js';
import { pseudonymize, sealAddress } from '../../src/lib/crypto.js';
import { effectContext, startBot, type TestBot } from '../helpers/bot.js';
import { allPayloads, allText, type ChatDriver } from '../helpers/conversations.js';

let now = new Date('2027-07-01T02:00:00Z');
const queued = new Map<string, { job: ReminderJob; delay: number }>();
const fakeQueue: DelayedQueue = {
  add: async (id, job, delay) => void queued.set(id, { job, delay }),
  remove: async (id) => void queued.delete(id),
};
let bot: TestBot;
beforeAll(async () => {
  bot = await startBot('events', {}, () => now, undefined, { reminderQueue: fakeQueue });
});
afterAll(async () => bot.cleanup());

const web = (sessionId: string): ChatDriver => ({
  async send(input) {
    const res = await request(bot.app)
      .post('/api/chat')
      .send({ sessionId, ...input })
      .expect(200);
    return res.body.replies as OutboundMessage[];
  },
});
const inboxOf = (userKey: string) => bot.redis.lrange(bot.keys.inbox(userKey), 0, -1);

function person(i: number) {
  const id = `worker-${i}`;
  return { userKey: pseudonymize(bot.secrets.pseudonym, 'web', id), sealedAddress: sealAddress(bot.secrets.encryption, 'web', id) };
}

describe('capacity and waitlist', () => {
  it('never exceeds 50 seats under 200 concurrent sign-ups, and 10 cancellations promote exactly the next 10, each told once', async () => {
    const service = bot.events.service;
    const people = Array.from({ length: 200 }, (_, i) => person(i));
    const results = await Promise.all(
      people.map((p, i) =>
        service.signup({ eventId: 'hp-keo-co', ...p, name: `Công nhân ${i}`, enterprise: 'Sample Shoes', phone: '0912345678', people: 1, waitlist: true, now }),
      ),
    );
    expect(results.filter((r) => r.outcome === 'confirmed')).toHaveLength(50);
    expect(results.filter((r) => r.outcome === 'waitlisted')).toHaveLength(150);
    expect(await bot.events.service.counts('hp-keo-co')).toMatchObject({ confirmed: 50, waitlisted: 150, seats: 50 });
    expect(
      (await service.signup({ eventId: 'hp-keo-co', ...people[0]!, name: 'Lặp lại', enterprise: 'X', phone: '0912345678', people: 1, waitlist: true, now }))
        .outcome,
    ).toBe('already');

    const confirmed = results.map((r, i) => ({ ...r, p: people[i]! })).filter((r) => r.outcome === 'confirmed');
    const waitlistOrder = results.map((r, i) => ({ ...r, p: people[i]! })).filter((r) => r.outcome === 'waitlisted');
    const store = await Promise.all(
      waitlistOrder.map(async (w) => ({ w, at: (await bot.redis.lpos(`${bot.config.redisKeyPrefix}:{ev:hp-keo-co}:waitlist`, w.code)) ?? -1 })),
    );
    const expectedNext = store
      .sort((a, b) => a.at - b.at)
      .slice(0, 10)
      .map((x) => x.w);

    const cancels = await Promise.all(confirmed.slice(0, 10).map((c) => service.cancel(c.code, c.p.userKey, now)));
    expect(cancels.every((c) => c.ok)).toBe(true);
    const promoted = cancels.flatMap((c) => (c.ok ? c.promoted : []));
    expect(promoted.sort()).toEqual(expectedNext.map((w) => w.code).sort());
    expect(await bot.events.service.counts('hp-keo-co')).toMatchObject({ confirmed: 50, waitlisted: 140, seats: 50 });

    for (const w of expectedNext) {
      const told = (await inboxOf(w.p.userKey)).filter((m) => m.includes('signup:promoted'));
      expect(told).toHaveLength(1);
    }
    const notPromoted = store.sort((a, b) => a.at - b.at)[10]!.w;
    expect(await inboxOf(notPromoted.p.userKey)).toEqual([]);
    expect(await service.cancel(confirmed[0]!.code, confirmed[0]!.p.userKey, now)).toEqual({ ok: false, error: 'already_cancelled' });
    expect(await service.cancel(confirmed[20]!.code, 'someone-else', now)).toEqual({ ok: false, error: 'not_found' });
  });
});

describe('sign-up over the web chat', () => {
  it('signs up with consent, re-asks a bad phone, lists my events and cancels', async () => {
    const w = web('signup-session-1');
    let r = await w.send({ text: 'dang ky' });
    expect(allText(r)).toContain('Các sự kiện sắp diễn ra');
    expect(allPayloads(r)).toContain('#signup:event:dt-le-khai-mac');
    r = await w.send({ payload: '#signup:filter' });
    r = await w.send({ text: 'Van Trung' });
    expect(allText(r)).toContain('tại KCN Vân Trung');
    r = await w.send({ text: '1' });
    expect(allText(r)).toContain('Đêm văn nghệ');
    r = await w.send({ text: 'Đăng ký' });
    expect(allText(r)).toContain('Ai xem: chỉ cán bộ tổ chức');
    expect(allText(r)).toContain('xóa sau 60 ngày');
    r = await w.send({ text: 'Đồng ý' });
    r = await w.send({ text: 'Nguyễn Thị Lan' });
    r = await w.send({ text: 'Công ty TNHH Sample Garment' });
    r = await w.send({ text: '12345' });
    expect(allText(r)).toContain('bắt đầu bằng 03, 05, 07, 08 hoặc 09. Ví dụ 0912345678');
    r = await w.send({ text: '+84 912 345 678' });
    expect(allText(r)).toContain('Điện thoại: 0912345678');
    r = await w.send({ text: 'Xác nhận' });
    const code = /DK-[23456789A-HJKMNP-Z]{6}/.exec(allText(r))?.[0];
    expect(code).toBeDefined();
    expect(r[0]!.image).toBe(`/qr/${code}.png`);
    const png = await request(bot.app).get(`/qr/${code}.png`).expect(200).expect('content-type', /png/);
    expect((png.body as Buffer).subarray(0, 4).toString('hex')).toBe('89504e47');
    expect(queued.has(`reminder-${code}-day_before`)).toBe(true);

    r = await w.send({ text: 'lịch của tôi' });
    expect(allText(r)).toContain(`mã ${code} (đã xác nhận)`);
    r = await w.send({ payload: `#myevents:cancel:${code}` });
    expect(allText(r)).toContain(`Đã hủy đăng ký ${code}`);
    expect(allText(r)).toContain('Bạn chưa đăng ký sự kiện nào');
    expect(queued.has(`reminder-${code}-day_before`)).toBe(false);

    const dump = await bot.dumpRedis();
    expect(dump).not.toContain('Nguyễn Thị Lan');
    expect(dump).not.toContain('0912345678');
    expect(dump).not.toContain('signup-session-1');
  });

  it('collects nothing without consent', async () => {
    const w = web('signup-session-2');
    await w.send({ text: 'đăng ký sự kiện' });
    await w.send({ payload: '#signup:event:skn-hoi-nghi' });
    await w.send({ payload: '#signup:join' });
    const r = await w.send({ text: 'Không đồng ý' });
    expect(allText(r)).toContain('Mình không lưu thông tin nào của bạn');
    expect(await bot.events.service.mine(effectContext(bot, 'web', 'signup-session-2', now).pseudonymFor('signup'))).toEqual([]);
    expect(await bot.events.service.counts('skn-hoi-nghi')).toMatchObject({ confirmed: 0, waitlisted: 0 });
  });
});

describe('reminders on a fake clock', () => {
  it('are due the day before at 18:00 and an hour before, and skip (and count) where the window is closed', async () => {
    queued.clear();
    const zaloUser = 'zalo-user-42';
    const sent: string[] = [];
    const fake: ChannelSender = {
      channel: 'zalo',
      send: async (id, messages) => {
        sent.push(`${id}:${messages.map((m) => m.text).join(' ')}`);
        return id === zaloUser ? { ok: true, sent: messages.length } : { ok: false, reason: 'window_closed', sent: 0 };
      },
    };
    bot.senders.zalo = fake;
    const signup = (id: string) =>
      bot.events.service.signup({
        eventId: 'dt-toa-dam',
        userKey: pseudonymize(bot.secrets.pseudonym, 'zalo', id),
        sealedAddress: sealAddress(bot.secrets.encryption, 'zalo', id),
        name: 'Trần Văn Nam',
        enterprise: 'Sample',
        phone: '0987654321',
        people: 1,
        waitlist: false,
        now,
      });
    const a = await signup(zaloUser);
    await signup('zalo-user-away');
    const dayBefore = queued.get(`reminder-${a.code}-day_before`)!;
    const hourBefore = queued.get(`reminder-${a.code}-hour_before`)!;
    expect(new Date(now.getTime() + dayBefore.delay).toISOString()).toBe('2027-08-13T11:00:00.000Z');
    expect(new Date(now.getTime() + hourBefore.delay).toISOString()).toBe('2027-08-14T10:00:00.000Z');

    now = new Date('2027-08-13T11:00:00Z');
    const outcomes = [];
    for (const { job } of queued.values()) if (job.kind === 'day_before') outcomes.push(await bot.events.reminders.process(job));
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(sent.find((s) => s.startsWith(zaloUser))).toContain('ngày mai bạn tham gia “(sự kiện mẫu) Tọa đàm phòng chống lừa đảo');
    const metrics = await request(bot.metricsApp).get('/metrics');
    expect(metrics.text).toMatch(/bot_reminders_total\{outcome="skipped"\} 1/);
    now = new Date('2027-08-14T12:00:00Z');
    expect(await bot.events.reminders.process(hourBefore.job)).toBe('dropped');
    delete bot.senders.zalo;
  });
});

describe('organiser data', () => {
  it('exports a CSV with a BOM and NFC text, checks in by code, and deletes personal data 60 days after the event', async () => {
    now = new Date('2027-07-02T02:00:00Z');
    const p = person(999);
    const name = 'Lê Thị Hoa, "tổ 3"'.normalize('NFD');
    const res = await bot.events.service.signup({
      eventId: 'vh-dan-van-kheo',
      ...p,
      name,
      enterprise: 'Sample Precision',
      phone: '0356789012',
      people: 1,
      waitlist: false,
      now,
    });
    expect(res.outcome).toBe('confirmed');
    const csv = await bot.events.service.csv(
      'vh-dan-van-kheo',
      ['Họ tên', 'Doanh nghiệp', 'Điện thoại', 'Số người', 'Trạng thái', 'Mã', 'Thời gian'],
      (s) => s,
    );
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv).toBe(csv.normalize('NFC'));
    expect(csv).toContain('"Lê Thị Hoa, ""tổ 3"""');
    expect(csv).toContain(res.code);

    expect(await bot.events.service.checkIn(res.code, now)).toMatchObject({ ok: true, eventId: 'vh-dan-van-kheo' });
    expect(await bot.events.service.checkIn(res.code, now)).toMatchObject({ ok: false, error: 'already_checked_in' });
    expect(await bot.events.service.checkIn('DK-AAAAAA', now)).toEqual({ ok: false, error: 'not_found' });
    expect((await bot.events.service.counts('vh-dan-van-kheo')).checkedIn).toBe(1);

    expect(await bot.events.purge(new Date('2027-09-01T00:00:00Z'))).toBe(0);
    expect(await bot.events.purge(new Date('2027-10-12T00:00:00Z'))).toBeGreaterThan(0);
    const after = await bot.events.service.csv('vh-dan-van-kheo', ['a'], (s) => s);
    expect(after).not.toContain('Hoa');
    expect(after).toContain(res.code);
  });
});
