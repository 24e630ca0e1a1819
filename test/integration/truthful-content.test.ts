/**
 * Truthful content on a worker's path (issue 16), through the web chat and the real Redis: sample
 * events only with demo content on and always labelled, with their year; none in production by
 * default (list, details, "my events", reminders); the privacy answer from the settings in force; no
 * reminder promised where the channel cannot send one.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender } from '../../src/core/ports.js';
import type { OutboundMessage } from '../../src/core/message.js';
import type { DelayedQueue, ReminderJob } from '../../src/events/ports.js';
import { effectContext, startBot, type TestBot } from '../helpers/bot.js';
import { allPayloads, allText, type ChatDriver } from '../helpers/conversations.js';

const now = new Date('2026-12-06T03:00:00Z');
const queued = new Map<string, ReminderJob>();
const fakeQueue: DelayedQueue = {
  add: async (id, job) => void queued.set(id, job),
  remove: async (id) => void queued.delete(id),
};
const web = (bot: TestBot, sessionId: string): ChatDriver => ({
  async send(input) {
    const res = await request(bot.app)
      .post('/api/chat')
      .send({ sessionId, ...input })
      .expect(200);
    return res.body.replies as OutboundMessage[];
  },
});
const eventButtons = (r: OutboundMessage[]) => r.flatMap((m) => m.buttons ?? []).filter((b) => b.payload.startsWith('#signup:event:'));
/** Who signs up, as the sign-up effect would give it to the events service (their sign-up pseudonym). */
const person = (bot: TestBot, channel: string, id: string) => {
  const ctx = effectContext(bot, channel, id, now);
  return { userKey: ctx.pseudonymFor('signup'), sealedAddress: ctx.sealedAddress };
};
const signUp = (bot: TestBot, eventId: string, who: { userKey: string; sealedAddress: string }) =>
  bot.events.service.signup({
    eventId,
    ...who,
    name: 'Nguyễn Văn An',
    enterprise: 'Công ty TNHH Sample Garment',
    phone: '0912345678',
    people: 1,
    waitlist: false,
    now,
  });

let demo: TestBot;
let production: TestBot;
beforeAll(async () => {
  demo = await startBot('truth-demo', {}, () => now, undefined, { reminderQueue: fakeQueue });
  // Production with default settings, on the same Redis keys: it sees what was stored while demo content was on.
  production = await startBot(
    'truth-prod',
    { NODE_ENV: 'production', REDIS_KEY_PREFIX: demo.config.redisKeyPrefix, REPORT_RETENTION_DAYS: '200', SESSION_IDLE_MINUTES: '15' },
    () => now,
    undefined,
    { reminderQueue: fakeQueue },
  );
});
afterAll(async () => {
  await production.cleanup();
  await demo.cleanup();
});

describe('sample events with demo content on (the default outside production)', () => {
  it('labels every sample event "(sự kiện mẫu)", with its year when it is not this year, in the list and the details', async () => {
    expect(demo.config.demoContent).toBe(true);
    const w = web(demo, 'truth-1');
    const first = await w.send({ text: 'đăng ký sự kiện' });
    const second = await w.send({ payload: '#signup:page:1' });
    const listed = [...eventButtons(first), ...eventButtons(second)];
    expect(listed).toHaveLength(8);
    // On 6/12/2026 the events of July and August 2027 carry their year; the label comes first, so a button cut short keeps it.
    for (const b of listed) expect(b.title).toMatch(/^\d{1,2}\/[78]\/2027 \(sự kiện mẫu\) /);
    const details = allText(await w.send({ payload: '#signup:event:qc-bong-da' }));
    expect(details).toContain('(sự kiện mẫu) Giải bóng đá công nhân KCN Quang Châu');
    expect(details).toContain('Đây là sự kiện mẫu để dùng thử, không diễn ra thật.');

    const e = web(demo, 'truth-2');
    await e.send({ payload: '#lang:en' });
    const english = eventButtons(await e.send({ text: 'sign up' }));
    expect(english.length).toBeGreaterThan(0);
    for (const b of english) expect(b.title).toMatch(/^\d{1,2}\/[78]\/2027 \(sample\) /);
    const englishDetails = allText(await e.send({ payload: '#signup:event:qc-bong-da' }));
    expect(englishDetails).toMatch(/^\(sample\) /);
    expect(englishDetails).toContain('This is a sample event, for trying things out; it will not take place.');
  });

  it('labels them in "my events" and in reminders too', async () => {
    const who = person(demo, 'web', 'truth-3');
    expect((await signUp(demo, 'qc-bong-da', who)).outcome).toBe('confirmed');
    const mine = allText(await web(demo, 'truth-3').send({ text: 'lịch của tôi' }));
    expect(mine).toContain('• (sự kiện mẫu) Giải bóng đá công nhân KCN Quang Châu – 26/7/2027 – mã');

    const zalo = person(demo, 'zalo', 'truth-zalo-1');
    const { code } = await signUp(demo, 'dt-toa-dam', zalo);
    const sent: string[] = [];
    const fake: ChannelSender = {
      channel: 'zalo',
      send: async (_id, messages) => (sent.push(...messages.map((m) => m.text)), { ok: true, sent: messages.length }),
    };
    demo.senders.zalo = fake;
    expect(await demo.events.reminders.process(queued.get(`reminder-${code}-day_before`)!)).toBe('sent');
    delete demo.senders.zalo;
    expect(sent.join('\n')).toContain('ngày mai bạn tham gia “(sự kiện mẫu) Tọa đàm phòng chống lừa đảo');
  });

  it('promises no reminder on the web chat, which cannot send one; promises it on Zalo', async () => {
    const w = web(demo, 'truth-4');
    await w.send({ text: 'đăng ký sự kiện' });
    await w.send({ payload: '#signup:event:vt-van-nghe' });
    await w.send({ payload: '#signup:join' });
    await w.send({ payload: '#signup:consent:yes' });
    await w.send({ text: 'Trần Thị Bình' });
    await w.send({ text: 'Công ty TNHH Sample Garment' });
    await w.send({ text: '0912345678' });
    const confirmed = allText(await w.send({ payload: '#signup:confirm' }));
    expect(confirmed).toContain('Đăng ký thành công!');
    expect(confirmed).toContain('Trang web không gửi nhắc lịch được');
    expect(confirmed).not.toContain('Mình sẽ nhắc lịch');

    const zalo = effectContext(demo, 'zalo', 'truth-zalo-2', now);
    const draft = { eventId: 'vt-van-nghe', name: 'Lê Văn Cường', enterprise: 'Công ty TNHH Sample Garment', phone: '0912345678', people: 1 };
    const out = await demo.events.effects['signup.confirm']!({ type: 'signup.confirm', data: draft, waitlist: false }, zalo);
    expect(out.say?.[0]?.key).toBe('signup:confirmed');
    expect(demo.i18n.t('vi', 'signup:confirmed', { code: 'DK-X' })).toContain('Mình sẽ nhắc lịch trước một ngày và trước một giờ');
  });
});

describe('in production with the default settings', () => {
  it('shows no sample event anywhere: not in the list, not by its button, not in "my events", and sends no reminder for one', async () => {
    expect(production.config.demoContent).toBe(false);
    // Sign-ups made while demo content was on (same Redis keys).
    expect((await signUp(demo, 'qc-bong-da', person(demo, 'web', 'truth-7'))).outcome).toBe('confirmed');
    const { code } = await signUp(demo, 'dt-toa-dam', person(demo, 'zalo', 'truth-zalo-3'));
    const w = web(production, 'truth-7');
    const list = await w.send({ text: 'đăng ký sự kiện' });
    expect(allText(list)).toContain('Hiện chưa có sự kiện nào mở đăng ký.');
    expect(allPayloads(list).filter((p) => p.startsWith('#signup:event:'))).toEqual([]);
    const byPayload = allText(await w.send({ payload: '#signup:event:dt-le-khai-mac' }));
    expect(byPayload).not.toContain('Lễ ra mắt');
    expect(byPayload).not.toContain('sự kiện mẫu');
    expect(allText(await w.send({ text: 'lịch của tôi' }))).toContain('Bạn chưa đăng ký sự kiện nào.');
    expect(await production.events.reminders.process(queued.get(`reminder-${code}-day_before`)!)).toBe('dropped');
    expect(production.events.service.upcoming(now)).toEqual([]);
  });
});

describe('the privacy answer', () => {
  it('says what is kept, for what, for how long and who sees it, from the settings in force', async () => {
    const answer = allText(await web(demo, 'truth-5').send({ text: 'thông tin của tôi có được bảo mật không' }));
    expect(answer).not.toContain('không lưu tên hay số điện thoại');
    expect(answer).toContain('xóa sau 30 phút bạn không nhắn');
    expect(answer).toContain('họ tên, doanh nghiệp, số điện thoại, được mã hóa, chỉ cán bộ tổ chức sự kiện xem. Xóa sau 60 ngày kể từ khi sự kiện kết thúc.');
    expect(answer).toContain('Tin báo xóa sau 365 ngày kể từ khi đóng; địa chỉ để nhắn lại cho bạn xóa sau 30 ngày kể từ khi đóng.');
    const other = allText(await web(production, 'truth-6').send({ text: 'thông tin của tôi có được bảo mật không' }));
    expect(other).toContain('xóa sau 15 phút bạn không nhắn');
    expect(other).toContain('Tin báo xóa sau 200 ngày kể từ khi đóng');
    const e = web(demo, 'truth-8');
    await e.send({ payload: '#lang:en' });
    const english = allText(await e.send({ text: 'do you keep my personal details' }));
    expect(english).toContain('What I keep, what for, for how long, and who sees it:');
    expect(english).toContain('Deleted 60 days after the event ends.');
    expect(english).toContain('A report is deleted 365 days after it is closed; the address used to write back to you, 30 days after it is closed.');
  });
});
