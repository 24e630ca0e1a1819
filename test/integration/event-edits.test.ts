/**
 * Events edited in the dashboard (the pinned API): an organiser creates an event with exactly the
 * fields of an entry of content/events.yaml, a worker signs up for it on the web chat at once; moving
 * it and cancelling it tell the worker (at their next message, the web chat's poll); a bad event is
 * refused naming the field; organisers stay in their parks; every change is versioned and audited;
 * the sign-up list on screen, promotion by hand and removal with a reason.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DelayedQueue } from '../../src/events/ports.js';
import { sealAddress } from '../../src/lib/crypto.js';
import { effectContext, startBot, type TestBot } from '../helpers/bot.js';
import { addStaff, auditEntries, chat as chatWith, newEvent, payloadsOf, poll as pollOf, staffAgent, textOf } from '../helpers/edits.js';

const now = new Date('2027-07-01T02:00:00Z');
const queued = new Map<string, unknown>();
const queue: DelayedQueue = { add: async (id, job) => void queued.set(id, job), remove: async (id) => void queued.delete(id) };
let bot: TestBot;

beforeAll(async () => {
  bot = await startBot('evedit', {}, () => now, undefined, { reminderQueue: queue });
  await addStaff(bot, 'btc-dinh-tram', 'organizer', ['dinh-tram']);
  await addStaff(bot, 'btc-viet-han', 'organizer', ['viet-han']);
  await addStaff(bot, 'can-bo', 'officer', ['dinh-tram']);
});
afterAll(async () => bot.cleanup());

const login = (username: string) => staffAgent(bot.app, username);
const chat = (sessionId: string, input: { text?: string; payload?: string }) => chatWith(bot.app, sessionId, input);
const poll = (sessionId: string) => pollOf(bot.app, sessionId);
const payloads = payloadsOf;

/** Signs `sessionId` up for the new event on the web chat, answering every step; returns the code. */
async function signUpOnWebChat(sessionId: string, name: string): Promise<string> {
  let r = await chat(sessionId, { text: 'đăng ký sự kiện' });
  expect(payloads(r)).toContain(`#signup:event:${newEvent.id}`);
  r = await chat(sessionId, { payload: `#signup:event:${newEvent.id}` });
  expect(textOf(r)).toContain('Giao lưu văn nghệ công nhân KCN Đình Trám');
  await chat(sessionId, { payload: '#signup:join' });
  await chat(sessionId, { payload: '#signup:consent:yes' });
  await chat(sessionId, { text: name });
  await chat(sessionId, { text: 'Công ty TNHH Điện tử Minh Anh' });
  r = await chat(sessionId, { text: '0912345678' });
  r = await chat(sessionId, { text: 'Xác nhận' });
  const code = /DK-[23456789A-HJKMNP-Z]{6}/.exec(textOf(r))?.[0];
  expect(code, textOf(r)).toBeDefined();
  return code!;
}

describe('events edited in the dashboard', () => {
  it('creates an event with the pinned API; a worker signs up on the web chat at once; moving and cancelling it tell the worker', async () => {
    const org = await login('btc-dinh-tram');
    const created = await org.post('/api/admin/events', newEvent).expect(201);
    expect(created.body).toEqual({ id: newEvent.id });

    const code = await signUpOnWebChat('worker-1', 'Trần Văn Bình');
    expect(queued.has(`reminder-${code}-day_before`)).toBe(true);

    // Moved: a new time and place, told to the worker at their next poll, in Vietnamese; reminders move with it.
    const moved = await org
      .patch(`/api/admin/events/${newEvent.id}`, {
        startsAt: '2027-07-21T19:00:00+07:00',
        endsAt: '2027-07-21T21:00:00+07:00',
        place: { vi: 'Sân khấu ngoài trời, KCN Đình Trám', en: 'Open-air stage, Dinh Tram park' },
      })
      .expect(200);
    expect(moved.body).toMatchObject({ told: 1, event: { version: 2, event: { startsAt: '2027-07-21T19:00:00+07:00' } } });
    const movedNote = textOf(await poll('worker-1'));
    expect(movedNote).toContain('đã đổi thời gian hoặc địa điểm: bắt đầu lúc 19:00 21/07/2027, tại Sân khấu ngoài trời, KCN Đình Trám');
    expect(movedNote).toContain(code);
    expect((queued.get(`reminder-${code}-hour_before`) as { eventId: string }).eventId).toBe(newEvent.id);

    // Cancelled: told once, with the reason; gone from the chat's list.
    const cancelled = await org.post(`/api/admin/events/${newEvent.id}/cancel`, { reason: 'Mưa bão, đảm bảo an toàn cho công nhân' }).expect(200);
    expect(cancelled.body).toMatchObject({ told: 1, event: { status: 'cancelled', reason: 'Mưa bão, đảm bảo an toàn cho công nhân' } });
    const cancelNote = textOf(await poll('worker-1'));
    expect(cancelNote).toContain('Sự kiện “Giao lưu văn nghệ công nhân KCN Đình Trám” đã bị hủy. Lý do: Mưa bão, đảm bảo an toàn cho công nhân');
    expect(queued.has(`reminder-${code}-day_before`)).toBe(false);
    expect((await org.post(`/api/admin/events/${newEvent.id}/cancel`, { reason: 'lần nữa' }).expect(200)).body.told).toBe(0);
    expect(textOf(await poll('worker-1'))).toBe('');
    expect(payloads(await chat('worker-2', { text: 'đăng ký sự kiện' }))).not.toContain(`#signup:event:${newEvent.id}`);
    await org.patch(`/api/admin/events/${newEvent.id}`, { capacity: 10 }).expect(409);

    const audit = await auditEntries(bot);
    expect(audit.filter((e) => e.actor === 'btc-dinh-tram').map((e) => e.action)).toEqual(
      expect.arrayContaining(['event_create', 'event_update', 'event_cancel']),
    );
    expect(audit.find((e) => e.action === 'event_update')?.detail).toContain(`${newEvent.id} v2: event.endsAt, event.place.en, event.place.vi, event.startsAt`);
  });

  it('tells an English-speaking worker in English', async () => {
    const org = await login('btc-dinh-tram');
    await org.post('/api/admin/events', { ...newEvent, id: 'dt-english-2027' }).expect(201);
    await chat('worker-en', { payload: '#lang:en' });
    await chat('worker-en', { payload: '#signup:event:dt-english-2027' });
    await chat('worker-en', { payload: '#signup:join' });
    await chat('worker-en', { payload: '#signup:consent:yes' });
    await chat('worker-en', { text: 'Lan' });
    await chat('worker-en', { text: 'Minh Anh' });
    await chat('worker-en', { text: '0912345678' });
    await chat('worker-en', { payload: '#signup:confirm' });
    await org.post('/api/admin/events/dt-english-2027/cancel', { reason: 'Storm warning' }).expect(200);
    expect(textOf(await poll('worker-en'))).toContain('The event “Workers’ arts exchange, Dinh Tram park” is cancelled. Reason: Storm warning');
  });

  it('refuses a bad event naming the field, and keeps organisers to their parks', async () => {
    const org = await login('btc-dinh-tram');
    const bad = await org.post('/api/admin/events', { ...newEvent, id: 'dt-bad', endsAt: '2027-07-20T18:00:00+07:00' }).expect(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', field: 'endsAt', problems: [{ field: 'endsAt', rule: 'ends_before_start' }] });
    const missing = await org.post('/api/admin/events', { ...newEvent, id: 'dt-bad', title: { vi: 'Chỉ tiếng Việt' }, extra: 1 }).expect(400);
    expect(missing.body.error.problems.map((p: { field: string; rule: string }) => `${p.field}:${p.rule}`)).toEqual(
      expect.arrayContaining(['title.en:required', 'extra:unknown_field']),
    );
    expect((await org.post('/api/admin/events', { ...newEvent, id: 'dt-bad', kcn: 'nowhere' }).expect(400)).body.error.problems[0]).toMatchObject({
      field: 'kcn',
      rule: 'unknown_park',
    });
    expect((await org.post('/api/admin/events', { ...newEvent, id: 'vh-bad', kcn: 'viet-han' }).expect(400)).body.error.problems[0]).toMatchObject({
      field: 'kcn',
      rule: 'not_your_park',
    });
    expect((await org.post('/api/admin/events', { ...newEvent, id: 'dt-bad', sample: true }).expect(400)).body.error.problems[0]).toMatchObject({
      rule: 'sample_only_in_yaml',
    });
    await org.post('/api/admin/events', { ...newEvent, id: 'qc-bong-da' }).expect(409); // a seed event's id
    await org.patch('/api/admin/events/vh-dan-van-kheo', { capacity: 5 }).expect(403);
    await org.patch('/api/admin/events/dt-le-khai-mac', { id: 'other' }).expect(400);
    const other = await login('btc-viet-han');
    await other.agent.get(`/api/admin/events/${newEvent.id}`).expect(403);
    const officer = await login('can-bo');
    await officer.post('/api/admin/events', { ...newEvent, id: 'dt-officer' }).expect(403);
    await request(bot.app).post('/api/admin/events').send(newEvent).expect(401);
    // No X-CSRF-Token: refused before anything is stored.
    await org.agent
      .post('/api/admin/events')
      .send({ ...newEvent, id: 'dt-no-csrf' })
      .expect(403);
  });

  it('versions a seed event, refuses a stale version, reverts, and lists seed events as such', async () => {
    const org = await login('btc-dinh-tram');
    const before = (await org.agent.get('/api/admin/events').expect(200)).body.events;
    expect(before.find((e: { id: string }) => e.id === 'dt-le-khai-mac')).toMatchObject({ origin: 'seed', sample: true, version: 0, status: 'published' });
    await org.patch('/api/admin/events/dt-le-khai-mac', { capacity: 150 }, 0).expect(200);
    await org.patch('/api/admin/events/dt-le-khai-mac', { capacity: 160 }, 0).expect(409);
    await org.patch('/api/admin/events/dt-le-khai-mac', { capacity: 160 }, 1).expect(200);
    const history = (await org.agent.get('/api/admin/events/dt-le-khai-mac/history').expect(200)).body.versions;
    expect(history.map((v: { v: number; by: string; changed: string[] }) => [v.v, v.by, v.changed])).toEqual([
      [2, 'btc-dinh-tram', ['event.capacity']],
      [1, 'btc-dinh-tram', ['event.capacity']],
    ]);
    const reverted = await org.post('/api/admin/events/dt-le-khai-mac/revert', { version: 0 }).expect(200);
    expect(reverted.body.event).toMatchObject({ version: 3, origin: 'seed', event: { capacity: 120, sample: true } });
    // Who reverted, when, and to what.
    const revert = (await auditEntries(bot)).find((e) => e.action === 'event_revert');
    expect(revert).toMatchObject({ actor: 'btc-dinh-tram', detail: 'dt-le-khai-mac v3 (restores v0)' });
    expect(Math.abs(Date.parse(revert!.at!) - Date.now())).toBeLessThan(60_000);
    // The sample keeps its label in the chat.
    expect(textOf(await chat('worker-3', { payload: '#signup:event:dt-le-khai-mac' }))).toContain('(sự kiện mẫu)');
  });

  it('publishes a draft only when asked', async () => {
    const org = await login('btc-dinh-tram');
    await org.post('/api/admin/events?draft=1', { ...newEvent, id: 'dt-draft-2027' }).expect(201);
    expect(payloads(await chat('worker-4', { text: 'đăng ký sự kiện' }))).not.toContain('#signup:event:dt-draft-2027');
    await org.post('/api/admin/events/dt-draft-2027/publish').expect(200);
    expect(payloads(await chat('worker-5', { text: 'đăng ký sự kiện' }))).toContain('#signup:event:dt-draft-2027');
    expect((await auditEntries(bot)).some((e) => e.action === 'event_publish' && e.detail === 'dt-draft-2027 v2')).toBe(true);
  });

  it('shows the sign-up list, promotes by hand, removes with a reason the person is told, and raises the capacity', async () => {
    const org = await login('btc-dinh-tram');
    await org.post('/api/admin/events', { ...newEvent, id: 'dt-list-2027', capacity: 1 }).expect(201);
    const signup = (i: number, name: string) =>
      bot.events.service.signup({
        eventId: 'dt-list-2027',
        userKey: effectContext(bot, 'web', `list-${i}`, now).pseudonymFor('signup'),
        sealedAddress: sealAddress(bot.secrets.encryption, 'web', `list-${i}`),
        name,
        enterprise: 'Công ty Minh Anh',
        phone: `09123456${i}0`,
        people: 1,
        waitlist: true,
        now: new Date(now.getTime() + i * 1000),
      });
    // Each of them talked to the bot on the web chat before (the chat knows their session).
    for (const i of [1, 2, 3]) await chat(`list-${i}`, { text: 'xin chào' });
    const a = await signup(1, 'Nguyễn Văn An');
    const b = await signup(2, 'Lê Thị Bích');
    const c = await signup(3, 'Phạm Đức');
    expect([a.outcome, b.outcome, c.outcome]).toEqual(['confirmed', 'waitlisted', 'waitlisted']);

    const list = (await org.agent.get('/api/admin/events/dt-list-2027/signups').expect(200)).body.signups;
    expect(list.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([
      ['Nguyễn Văn An', 'confirmed'],
      ['Lê Thị Bích', 'waitlisted'],
      ['Phạm Đức', 'waitlisted'],
    ]);
    expect(Object.keys(list[0]).sort()).toEqual(['code', 'createdAt', 'enterprise', 'name', 'people', 'phone', 'status']);
    expect((await org.agent.get('/api/admin/events/dt-list-2027/signups?q=bich').expect(200)).body.signups.map((s: { code: string }) => s.code)).toEqual([
      b.code,
    ]);

    await org.post(`/api/admin/events/dt-list-2027/signups/${c.code}/promote`).expect(200);
    expect(textOf(await poll('list-3'))).toContain(`Mã ${c.code} đã được xác nhận`);
    await org.post(`/api/admin/events/dt-list-2027/signups/${c.code}/promote`).expect(409);

    await org.post(`/api/admin/events/dt-list-2027/signups/${a.code}/remove`, { reason: '' }).expect(400);
    const removed = await org.post(`/api/admin/events/dt-list-2027/signups/${a.code}/remove`, { reason: 'Trùng với đăng ký của tổ' }).expect(200);
    expect(removed.body.promoted).toEqual([]);
    expect(textOf(await poll('list-1'))).toContain(
      `Cán bộ tổ chức đã hủy đăng ký ${a.code} của bạn ở sự kiện “Giao lưu văn nghệ công nhân KCN Đình Trám”. Lý do: Trùng với đăng ký của tổ`,
    );

    // Capacity 1 → 3: the one still waiting now fits, and is told.
    const raised = await org.patch('/api/admin/events/dt-list-2027', { capacity: 3 }).expect(200);
    expect(raised.body.promoted).toEqual([b.code]);
    expect(textOf(await poll('list-2'))).toContain(`Mã ${b.code} đã được xác nhận`);

    const audit = await auditEntries(bot);
    for (const action of ['signups_read', 'signup_promote', 'signup_remove']) expect(audit.find((e) => e.action === action)?.actor).toBe('btc-dinh-tram');
    expect(JSON.stringify(audit)).not.toContain('Nguyễn Văn An');
  });
});
