/**
 * Several bot instances count into the same statistics: each buffers its own turns and writes them on
 * its own, counters add up, and a person who wrote to two instances on one day counts once (the
 * HyperLogLogs of a day merge the same day-bound pseudonym).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { effectContext, startBot, type TestBot } from '../helpers/bot.js';
import { addStaff, login, testClock } from '../helpers/stats-activity.js';

let a: TestBot;
let b: TestBot;
const clock = testClock(new Date('2027-07-05T03:00:00Z'));

beforeAll(async () => {
  a = await startBot('statsinst', {}, clock.now);
  b = await startBot('statsinst', { REDIS_KEY_PREFIX: a.config.redisKeyPrefix }, clock.now);
  await addStaff(a);
});
afterAll(async () => {
  await b?.close();
  await b?.redis.quit();
  await a?.cleanup();
});

it('adds up what two instances counted, and counts a person once a day whichever instance they reached', async () => {
  const web = (bot: TestBot, user: string, text: string) => bot.handle({ channel: 'web', userId: user, text, at: clock.now() });
  await web(a, 'web-a', 'ANTQ là gì');
  await web(a, 'web-b', 'xin chào');
  await web(b, 'web-a', 'Có khen thưởng gì không');
  await web(b, 'web-c', 'xin chào');
  const draft = { category: 'theft', kcn: 'dinh-tram', when: 'sáng nay', description: 'Mất xe máy ở bãi xe', photos: [] };
  await a.reports.reporter.submit(draft, effectContext(a, 'web', 'r1', clock.now()));
  await b.reports.reporter.submit(draft, effectContext(b, 'web', 'r2', clock.now()));
  await b.stats.recorder.flush(); // instance B writes its buffer (every 5 s, or when it stops)
  const { agent } = await login(a, 'chi-huy');
  const f = (await agent.get('/api/admin/stats?from=2027-07-01&to=2027-07-31').expect(200)).body;
  expect(f.reach.usersByChannel.web).toBe(3);
  expect(f.faq).toMatchObject({ asked: 2, answered: 2 });
  expect(f.reports.total).toBe(2);
});
