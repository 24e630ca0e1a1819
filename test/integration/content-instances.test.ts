/**
 * Content edited in the dashboard on one instance is served by another instance on the same Redis
 * within a few seconds, without a restart (each reads the store's revision every second); a restarted
 * instance starts with every edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../helpers/bot.js';
import { addStaff, chat, newEvent, payloadsOf, staffAgent, textOf } from '../helpers/edits.js';

const now = new Date('2027-07-01T02:00:00Z');
let a: TestBot;
let b: TestBot;

beforeAll(async () => {
  a = await startBot('instances-content', {}, () => now);
  b = await startBot('instances-content', { REDIS_KEY_PREFIX: a.config.redisKeyPrefix }, () => now);
  await addStaff(a, 'btc-lan', 'organizer', ['dinh-tram']);
});
afterAll(async () => {
  await b?.close();
  await b?.redis.quit();
  await a?.cleanup();
});

/** A phrasing no entry answered before (without it, `npm run understand` gives no answer). */
const phrasing = 'dịp lễ tháng tám của khu công nghiệp';
const newAnswer = 'Ngày hội là dịp mọi người cùng giữ bình yên cho khu công nghiệp. $t(faq:general)';

describe('edited content on several instances', () => {
  it('is served by the other instance within a few seconds, and by a restarted one at once', async () => {
    const org = await staffAgent(a.app, 'btc-lan');
    const what = (await org.agent.get('/api/admin/faq/entries/festival-what').expect(200)).body;
    await org
      .put('/api/admin/faq/entries/festival-what', {
        texts: { ...what.texts, vi: { ...what.texts.vi, answer: newAnswer } },
        questions: { ...what.entry.questions, vi: [...what.entry.questions.vi, phrasing] },
      })
      .expect(200);
    await org.post('/api/admin/events', newEvent).expect(201);
    await org.patch(`/api/admin/events/${newEvent.id}`, { capacity: 5 }).expect(200);
    await org.post('/api/admin/events', { ...newEvent, id: 'dt-huy-2027' }).expect(201);
    await org.post('/api/admin/events/dt-huy-2027/cancel', { reason: 'Trùng lịch sản xuất' }).expect(200);
    const saved = Date.now();

    // The instance that saved answers from the new content at once.
    expect(textOf(await chat(a.app, 'on-a', { payload: '#faq:festival-what' }))).toContain('Ngày hội là dịp mọi người cùng giữ bình yên');
    // The other one within a few seconds, without a restart.
    await expect
      .poll(async () => textOf(await chat(b.app, `on-b-${Date.now()}`, { payload: '#faq:festival-what' })), { timeout: 5000, interval: 200 })
      .toContain('Ngày hội là dịp mọi người cùng giữ bình yên');
    expect(Date.now() - saved).toBeLessThan(3000);
    expect(payloadsOf(await chat(b.app, 'on-b-events', { text: 'đăng ký sự kiện' }))).toContain(`#signup:event:${newEvent.id}`);
    expect(textOf(await chat(b.app, 'on-b-events', { payload: `#signup:event:${newEvent.id}` }))).toContain(newEvent.title.vi);

    // A restart: a new instance on the same Redis starts with every edit.
    await a.close();
    const c = await startBot('instances-content', { REDIS_KEY_PREFIX: a.config.redisKeyPrefix }, () => now);
    try {
      expect(textOf(await chat(c.app, 'on-c', { payload: '#faq:festival-what' }))).toContain('Ngày hội là dịp mọi người cùng giữ bình yên');
      // Every kind of edit: an answer, an added phrasing, a new event, a changed capacity, a cancelled event.
      expect(textOf(await chat(c.app, 'on-c-phrasing', { text: 'dip le thang tam cua khu cong nghiep' }))).toContain(
        'Ngày hội là dịp mọi người cùng giữ bình yên',
      );
      const offered = payloadsOf(await chat(c.app, 'on-c-events', { text: 'đăng ký sự kiện' }));
      expect(offered).toContain(`#signup:event:${newEvent.id}`);
      expect(offered).not.toContain('#signup:event:dt-huy-2027');
      expect(textOf(await chat(c.app, 'on-c-events', { payload: `#signup:event:${newEvent.id}` }))).toContain('Số chỗ: 5');
      const listed = (await (await staffAgent(c.app, 'btc-lan')).agent.get('/api/admin/events').expect(200)).body.events;
      expect(listed.find((e: { id: string }) => e.id === newEvent.id)).toMatchObject({ origin: 'dashboard', version: 2, status: 'published' });
    } finally {
      await c.close();
      await c.redis.quit();
    }
  });
});
