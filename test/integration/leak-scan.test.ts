/**
 * The leak scan (issue 15): two people, one on Zalo and one on the web chat, each report and sign up; an
 * officer claims, asks and reads; one reporter then types something else with their name in it. No raw
 * platform id, web session id, name or phone appears in Redis, in the logs (at trace level) or in what
 * the officer's API returns, and the sentence is not filed as an answer.
 */
import { Writable } from 'node:stream';
import nock from 'nock';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { REDACT_PATHS, safeError } from '../../src/lib/logger.js';
import { createRedisClient, waitForRedis } from '../../src/store/redis/client.js';
import { createServer } from '../../src/server.js';
import { createStaffStore } from '../../src/admin/staff-store.js';
import { kcnIdsOf } from '../../src/admin/access.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';
import { content, dumpKeys, REDIS_URL, TEST_SECRET, uniquePrefix } from '../helpers/bot.js';
import { deleteKeys, scanKeys } from '../helpers/redis.js';
import { allText, type ChatDriver } from '../helpers/conversations.js';
import { isolateNetwork, stubCs, zaloDriver, zaloUserId, ZALO_ENV } from '../helpers/zalo.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _e, cb) {
    lines.push(chunk.toString('utf8'));
    cb();
  },
});
const PASSWORD = 'mật khẩu đủ dài 2026';
let bot: ReturnType<typeof createServer>;
let redis: ReturnType<typeof createRedisClient>;
let prefix: string;

beforeAll(async () => {
  isolateNetwork();
  prefix = uniquePrefix('leakscan');
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET: TEST_SECRET,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'trace',
    RATE_USER_PER_MINUTE: '500',
    ...ZALO_ENV,
  });
  redis = createRedisClient(config);
  await waitForRedis(redis);
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: { err: safeError } }, sink);
  bot = createServer({ config, redis, logger, content, clock: () => new Date() });
  await bot.contentReady;
  const staff = createStaffStore({
    accounts: createRedisStaffStores(redis, prefix).accounts,
    encryptionKey: bot.secrets.encryption,
    kcnIds: kcnIdsOf(content),
  });
  expect((await staff.add({ username: 'can-bo-vh', password: PASSWORD, role: 'officer', kcns: ['viet-han'] })).ok).toBe(true);
});
afterAll(async () => {
  await bot.close();
  await deleteKeys(redis, await scanKeys(redis, `${prefix}:*`));
  await redis.quit();
  nock.cleanAll();
  nock.enableNetConnect();
});

async function fileReport(w: ChatDriver, description: string) {
  for (const s of [
    { text: 'tố giác' },
    { payload: '#report:urgent:no' },
    { payload: '#report:cat:drugs' },
    { payload: '#report:kcn:viet-han' },
    { text: 'Khu nhà trọ gần cổng số 3' },
    { text: 'Tối hôm qua khoảng 22 giờ' },
    { text: description },
    { payload: '#report:photos_done' },
    { payload: '#report:contact:no' },
  ] as const)
    await w.send(s as never);
  return /TG-[23456789A-HJKMNP-Z]{6}/.exec(allText(await w.send({ payload: '#report:confirm' })))![0];
}
async function signUp(w: ChatDriver, name: string, phone: string) {
  for (const s of ['đăng ký sự kiện', '#signup:event:vh-dan-van-kheo', '#signup:join', 'Đồng ý', name, 'Công ty TNHH Minh Phát', phone])
    await w.send(s.startsWith('#') ? { payload: s } : { text: s });
  return allText(await w.send({ text: 'Xác nhận' }));
}

describe('the leak scan', () => {
  it('finds no raw id, name or phone in Redis, logs or officer responses; the captured sentence is not filed', async () => {
    const calls = stubCs();
    const zaloUser = zaloUserId();
    const z = zaloDriver(bot, calls, zaloUser);
    const zCode = await fileReport(z, 'Có người bán ma túy cho công nhân ở khu nhà trọ, nhiều lần');
    expect(await signUp(z, 'Lê Thị Hoa', '0987654321')).toMatch(/DK-/);

    const sessionId = 'leak-scan-web-session-4242';
    const web: ChatDriver & { poll(): Promise<string> } = {
      async send(input) {
        return (
          await request(bot.app)
            .post('/api/chat')
            .send({ sessionId, ...input })
            .expect(200)
        ).body.replies;
      },
      async poll() {
        return allText((await request(bot.app).get('/api/chat/updates').query({ sessionId }).expect(200)).body.replies);
      },
    };
    const wCode = await fileReport(web, 'Một nhóm lạ mặt rủ công nhân chơi lô đề sau giờ làm');
    expect(await signUp(web, 'Phạm Văn Quang', '0911222333')).toMatch(/DK-/);

    const agent = request.agent(bot.app);
    const csrf = (await agent.post('/api/admin/login').send({ username: 'can-bo-vh', password: PASSWORD }).expect(200)).body.csrfToken;
    const seen: string[] = [];
    const keep = (r: request.Response) => (seen.push(r.text), r);
    for (const code of [zCode, wCode]) {
      keep(await agent.post(`/api/admin/reports/${code}/claim`).set('X-CSRF-Token', csrf).expect(200));
      keep(await agent.post(`/api/admin/reports/${code}/messages`).set('X-CSRF-Token', csrf).send({ text: 'Bạn có biết thêm gì không?' }).expect(200));
    }
    // Item 1 end to end: the question shown (poll), then the reporter types something else entirely.
    expect(await web.poll()).toContain('Bạn có biết thêm gì không?');
    const captured = 'Cho tôi đăng ký giải bóng đá, tên tôi là Lê Thị Hoa, công ty Minh Phát';
    expect(allText(await web.send({ text: captured }))).not.toContain('Bạn muốn gửi câu trả lời này cho cán bộ');
    await z.send({ text: captured });
    keep(await agent.get('/api/admin/reports').expect(200));
    for (const code of [zCode, wCode]) keep(await agent.get(`/api/admin/reports/${code}`).expect(200));
    const thread = JSON.parse(seen.at(-1)!).messages;
    const zthread = JSON.parse(seen.at(-2)!).messages;
    expect(JSON.stringify([thread, zthread])).not.toContain('Lê Thị Hoa');

    const dump = await dumpKeys(redis, `${prefix}:*`);
    const logs = lines.join('');
    const secrets = [zaloUser, sessionId, 'Lê Thị Hoa', 'Le Thi Hoa', 'Phạm Văn Quang', '0987654321', '0911222333', '987654321', '911222333'];
    const found: string[] = [];
    for (const [where, text] of [
      ['redis', dump],
      ['logs', logs],
      ['officer', seen.join('\n')],
    ] as const)
      for (const s of secrets) if (text.includes(s) || text.includes(s.normalize('NFD'))) found.push(`${where}: ${s}`);
    expect(found).toEqual([]);
  }, 60_000);
});
