/** Staff accounts on a test bot (real Redis), and logins to its admin API that other instances accept too. */
import request from 'supertest';
import type { Express } from 'express';
import { kcnIdsOf } from '../../src/admin/access.js';
import { createStaffStore } from '../../src/admin/staff-store.js';
import type { Role } from '../../src/admin/types.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';
import { content, type TestBot } from './bot.js';

export const STAFF_PASSWORD = 'mật khẩu đủ dài 2026';

/** Creates an account on the bot's Redis with STAFF_PASSWORD. */
export async function addStaff(bot: TestBot, username: string, role: Role, kcns: readonly string[]): Promise<void> {
  const staff = createStaffStore({
    accounts: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).accounts,
    encryptionKey: bot.secrets.encryption,
    kcnIds: kcnIdsOf(content),
  });
  const added = await staff.add({ username, password: STAFF_PASSWORD, role, kcns: [...kcns] });
  if (!added.ok) throw new Error(`addStaff ${username}: ${added.error}`);
}

/** A signed-in staff member: calls carry the session cookie and, when they change state, the CSRF token, on any instance's app. */
export interface StaffClient {
  get(app: Express, path: string): request.Test;
  post(app: Express, path: string, body?: object): request.Test;
}

/** Logs in on `app`; the session lives in Redis, so every instance on the same prefix accepts it. */
export async function staffLogin(app: Express, username: string): Promise<StaffClient> {
  const res = await request(app).post('/api/admin/login').send({ username, password: STAFF_PASSWORD }).expect(200);
  const cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
  const csrf = res.body.csrfToken as string;
  return {
    get: (on, path) => request(on).get(path).set('Cookie', cookie),
    post: (on, path, body) =>
      request(on)
        .post(path)
        .set('Cookie', cookie)
        .set('X-CSRF-Token', csrf)
        .send(body ?? {}),
  };
}
