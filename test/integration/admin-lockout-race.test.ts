/** Parallel password guesses cannot get past the per-user limit. */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kcnIdsOf } from '../../src/admin/access.js';
import { createStaffStore } from '../../src/admin/staff-store.js';
import { content, startBot, type TestBot } from '../helpers/bot.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startBot('lockrace');
  const staff = createStaffStore({
    accounts: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).accounts,
    encryptionKey: bot.secrets.encryption,
    kcnIds: kcnIdsOf(content),
  });
  await staff.add({ username: 'muc-tieu', password: 'mật khẩu thật sự dài', role: 'officer', kcns: ['hoa-phu'] });
});
afterAll(async () => bot.cleanup());

it('answers at most 5 of 15 parallel wrong guesses with 401, the rest with 429', async () => {
  const tries = await Promise.all(
    Array.from({ length: 15 }, (_, i) =>
      request(bot.app)
        .post('/api/admin/login')
        .send({ username: 'muc-tieu', password: `sai-${i}` }),
    ),
  );
  const statuses = tries.map((r) => r.status);
  expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
  await request(bot.app).post('/api/admin/login').send({ username: 'muc-tieu', password: 'mật khẩu thật sự dài' }).expect(429);
});
