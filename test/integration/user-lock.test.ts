/** Two bot instances on one Redis: turns of the same user never interleave. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import request from 'supertest';
import { defineFlow } from '../../src/core/flow.js';
import { startBot, type TestBot } from '../helpers/bot.js';

const counter = defineFlow<{ n: number }>({
  id: 'counter',
  version: 1,
  keywords: 'festival:keywords',
  start: () => ({ say: [{ key: 'common:raw', params: { text: 'n=0' } }], next: { step: 'count', data: { n: 0 } } }),
  steps: {
    count: (_input, data) => ({ say: [{ key: 'common:raw', params: { text: `n=${data.n + 1}` } }], next: { step: 'count', data: { n: data.n + 1 } } }),
  },
});

let a: TestBot;
let b: TestBot;
beforeAll(async () => {
  // 21 turns of one user within a minute: above the default per-user rate limit, which is not under test here.
  a = await startBot('lock', { RATE_USER_PER_MINUTE: '100' }, undefined, [counter]);
  b = await startBot('lock', { REDIS_KEY_PREFIX: a.config.redisKeyPrefix, RATE_USER_PER_MINUTE: '100' }, undefined, [counter]);
});
afterAll(async () => {
  await b.redis.quit();
  await a.cleanup();
});

it('serialises concurrent turns of one user across two instances', async () => {
  await request(a.app).post('/api/chat').send({ sessionId: 'same-user', text: 'ngày hội' }).expect(200);
  const sends = Array.from({ length: 20 }, (_, i) =>
    request(i % 2 ? a.app : b.app)
      .post('/api/chat')
      .send({ sessionId: 'same-user', text: 'tiếp' }),
  );
  const texts = (await Promise.all(sends)).map((r) => r.body.replies[0].text as string);
  expect(texts.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `n=${i + 1}`).sort());
  const locks = (await a.keysInRedis()).filter((k) => k.endsWith(':lock'));
  expect(locks).toEqual([]);
});
