/** What the tests of content edited in the dashboard share: a new event as the pinned API takes it, and the audit log as entries. */
import type { Express } from 'express';
import request from 'supertest';
import { kcnIdsOf } from '../../src/admin/access.js';
import { createStaffStore } from '../../src/admin/staff-store.js';
import type { Role } from '../../src/admin/types.js';
import type { OutboundMessage } from '../../src/core/message.js';
import type { Redis } from '../../src/store/redis/client.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';
import { content, type TestBot } from './bot.js';

/** The password of every staff account these tests add. */
export const STAFF_PASSWORD = 'mật khẩu ban tổ chức 2027';

/** An event as content/events.yaml holds one (the pinned API's body). */
export const newEvent = {
  id: 'dt-giao-luu-2027',
  title: { vi: 'Giao lưu văn nghệ công nhân KCN Đình Trám', en: 'Workers’ arts exchange, Dinh Tram park' },
  kind: 'culture',
  kcn: 'dinh-tram',
  enterprise: 'Công ty TNHH Điện tử Minh Anh',
  startsAt: '2027-07-20T19:00:00+07:00',
  endsAt: '2027-07-20T21:00:00+07:00',
  signupDeadline: '2027-07-18T17:00:00+07:00',
  place: { vi: 'Nhà văn hóa công nhân, KCN Đình Trám', en: 'Workers’ cultural house, Dinh Tram park' },
  capacity: 2,
  description: { vi: 'Văn nghệ và giao lưu giữa các tổ sản xuất.', en: 'Performances and exchange between production teams.' },
};

/** The newest audit log entries (up to 200) of a bot's prefix, as plain objects (actor, action, detail…). */
export async function auditEntries(bot: { redis: Redis; config: { redisKeyPrefix: string } }): Promise<Record<string, string>[]> {
  const entries = await bot.redis.xrevrange(`${bot.config.redisKeyPrefix}:staff:audit`, '+', '-', 'COUNT', 200);
  return entries.map(([, fields]) => {
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) out[fields[i]!] = fields[i + 1]!;
    return out;
  });
}

/** A staff account on a test bot's Redis. */
export async function addStaff(bot: TestBot, username: string, role: Role, kcns: string[]): Promise<void> {
  const staff = createStaffStore({
    accounts: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).accounts,
    encryptionKey: bot.secrets.encryption,
    kcnIds: kcnIdsOf(content),
  });
  await staff.add({ username, password: STAFF_PASSWORD, role, kcns });
}

/** A logged-in staff member's agent: `post`, `put` and `patch` carry the session's X-CSRF-Token (and `If-Match` when a version is given). */
export async function staffAgent(app: Express, username: string) {
  const agent = request.agent(app);
  const res = await agent.post('/api/admin/login').send({ username, password: STAFF_PASSWORD }).expect(200);
  const csrf = res.body.csrfToken as string;
  const withVersion = (r: request.Test, version?: number) => (version === undefined ? r : r.set('If-Match', `"${version}"`));
  return {
    agent,
    post: (path: string, body?: unknown) =>
      agent
        .post(path)
        .set('X-CSRF-Token', csrf)
        .send(body as object),
    put: (path: string, body: unknown, version?: number) => withVersion(agent.put(path).set('X-CSRF-Token', csrf), version).send(body as object),
    patch: (path: string, body: unknown, version?: number) => withVersion(agent.patch(path).set('X-CSRF-Token', csrf), version).send(body as object),
  };
}

/** Sends one web chat message; resolves to the replies. */
export async function chat(app: Express, sessionId: string, input: { text?: string; payload?: string }): Promise<OutboundMessage[]> {
  return (
    (
      await request(app)
        .post('/api/chat')
        .send({ sessionId, ...input })
        .expect(200)
    ).body as { replies: OutboundMessage[] }
  ).replies;
}

/** What waited for a web chat session (the page's poll). */
export async function poll(app: Express, sessionId: string): Promise<OutboundMessage[]> {
  return ((await request(app).get('/api/chat/updates').query({ sessionId }).expect(200)).body as { replies: OutboundMessage[] }).replies;
}

export const textOf = (replies: OutboundMessage[]) => replies.map((r) => r.text).join('\n');
export const payloadsOf = (replies: OutboundMessage[]) => replies.flatMap((r) => r.buttons?.map((b) => b.payload) ?? []);
