/**
 * Web chat abuse limits that a made-up sessionId does not escape: polls of unknown sessions store
 * nothing and are rate-limited; reports, lookups and sign-ups are limited per client IP (TRUST_PROXY
 * respected); wrong secret keys are counted per report code across every session, and lock the code.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender } from '../../src/core/ports.js';
import { createAlertLinks } from '../../src/admin/alerts.js';
import { kcnIdsOf } from '../../src/admin/access.js';
import { createStaffStore } from '../../src/admin/staff-store.js';
import type { OutboundMessage } from '../../src/core/message.js';
import { sealAddress } from '../../src/lib/crypto.js';
import { content, startBot, type TestBot } from '../helpers/bot.js';
import { allText, type ChatDriver } from '../helpers/conversations.js';
import { createRedisStaffStores } from '../../src/store/redis/staff.js';

let now = new Date('2027-07-01T02:00:00Z');
let bot: TestBot;
beforeAll(async () => {
  bot = await startBot(
    'weblimits',
    {
      TRUST_PROXY: 'true',
      RATE_WEB_POLL_PER_MINUTE: '4',
      RATE_WEB_REPORTS_PER_HOUR: '2',
      RATE_WEB_LOOKUPS_PER_HOUR: '3',
      RATE_WEB_SIGNUPS_PER_HOUR: '1',
      RATE_USER_PER_MINUTE: '200',
      RATE_WEB_PER_MINUTE: '10000',
    },
    () => now,
  );
});
afterAll(async () => bot.cleanup());

/** A web chat session talking from one client address. */
const web = (sessionId: string, ip: string): ChatDriver => ({
  async send(input) {
    return (
      await request(bot.app)
        .post('/api/chat')
        .set('X-Forwarded-For', ip)
        .send({ sessionId, ...input })
        .expect(200)
    ).body.replies as OutboundMessage[];
  },
});

/** Walks the report flow to its summary with buttons (the fastest path), then presses Send. */
async function fileReport(w: ChatDriver, description: string): Promise<OutboundMessage[]> {
  for (const p of ['#report', '#report:urgent:no', '#report:cat:theft', '#report:kcn:van-trung', '#report:skip']) await w.send({ payload: p });
  await w.send({ text: 'sáng nay' });
  await w.send({ text: description });
  await w.send({ payload: '#report:photos_done' });
  await w.send({ payload: '#report:contact:no' });
  return w.send({ payload: '#report:confirm' });
}
const codeIn = (replies: OutboundMessage[]) => /TG-[23456789A-HJKMNP-Z]{6}/.exec(allText(replies))?.[0];
const keyIn = (replies: OutboundMessage[]) => /Mã bí mật: ([23456789A-HJKMNP-Z]{10})/.exec(allText(replies))?.[1];

async function lookup(w: ChatDriver, code: string, key: string): Promise<string> {
  await w.send({ text: 'tra cứu' });
  await w.send({ text: code });
  return allText(await w.send({ text: key }));
}

describe('polling the web chat', () => {
  it('runs no turn and stores nothing for a session the bot does not know', async () => {
    const before = new Set(await bot.keysInRedis());
    for (let i = 0; i < 3; i++) {
      const res = await request(bot.app)
        .get('/api/chat/updates')
        .set('X-Forwarded-For', `198.51.100.${i}`)
        .query({ sessionId: `made-up-session-${i}` })
        .expect(200);
      expect(res.body).toEqual({ replies: [] });
    }
    // Only the per-address poll counters (and the webhook intake stream the dispatcher makes at start):
    // no session, lock, prefs or seen key for the made-up ids.
    const added = (await bot.keysInRedis()).filter((k) => !before.has(k) && !k.includes(':{ip:') && !k.endsWith(':{intake}:stream'));
    expect(added).toEqual([]);
    expect((await bot.keysInRedis()).filter((k) => k.includes(':{u:'))).toEqual([]);
  });

  it('is limited per client address (429 with Retry-After), whatever session ids it polls with', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await request(bot.app)
            .get('/api/chat/updates')
            .set('X-Forwarded-For', '203.0.113.50')
            .query({ sessionId: `poller-${i}` })
        ).status,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect((await request(bot.app).get('/api/chat/updates').set('X-Forwarded-For', '203.0.113.51').query({ sessionId: 'poller-0' })).status).toBe(200);
  });

  it('still delivers what waits for a known session', async () => {
    const w = web('known-poller', '203.0.113.60');
    await w.send({ text: 'menu' });
    const res = await request(bot.app).get('/api/chat/updates').set('X-Forwarded-For', '203.0.113.60').query({ sessionId: 'known-poller' }).expect(200);
    expect(res.body).toEqual({ replies: [] });
  });
});

describe('limits per client address', () => {
  it('refuses a third report from one address within the hour, keeps the draft, and sends it from elsewhere', async () => {
    const ip = '203.0.113.10';
    expect(codeIn(await fileReport(web('ip-reporter-1', ip), 'Mất trộm dây đồng ở kho số một'))).toBeDefined();
    expect(codeIn(await fileReport(web('ip-reporter-2', ip), 'Mất trộm dây đồng ở kho số hai'))).toBeDefined();
    const third = await fileReport(web('ip-reporter-3', ip), 'Mất trộm dây đồng ở kho số ba');
    expect(codeIn(third)).toBeUndefined();
    expect(allText(third)).toMatch(/Từ mạng bạn đang dùng đã có nhiều tin báo .* Nội dung tin báo vẫn được giữ/);
    expect(third.flatMap((m) => m.buttons ?? []).map((b) => b.payload)).toContain('#report:confirm');
    // The same session, from another address (say, mobile data): the kept draft is sent.
    const sent = await web('ip-reporter-3', '203.0.113.11').send({ payload: '#report:confirm' });
    expect(codeIn(sent)).toBeDefined();
    const filed = await bot.reports.officer.get(codeIn(sent)!);
    expect(filed!.description).toBe('Mất trộm dây đồng ở kho số ba');
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy sets it', async () => {
    const direct = await startBot('weblimitsdirect', { RATE_WEB_REPORTS_PER_HOUR: '1', RATE_WEB_PER_MINUTE: '10000' }, () => now);
    try {
      const send = (sessionId: string, ip: string): ChatDriver => ({
        async send(input) {
          return (
            await request(direct.app)
              .post('/api/chat')
              .set('X-Forwarded-For', ip)
              .send({ sessionId, ...input })
              .expect(200)
          ).body.replies;
        },
      });
      expect(codeIn(await fileReport(send('forger-1', '192.0.2.1'), 'Có người lạ lấy trộm điện thoại'))).toBeDefined();
      expect(codeIn(await fileReport(send('forger-2', '192.0.2.2'), 'Có người lạ lấy trộm ví tiền'))).toBeUndefined();
    } finally {
      await direct.cleanup();
    }
  });

  it('limits lookups per address, across fresh sessions', async () => {
    const filed = await fileReport(web('lookup-owner', '203.0.113.20'), 'Có người lạ cạy tủ đồ ở phòng thay đồ');
    const code = codeIn(filed)!;
    const ip = '203.0.113.21';
    for (let i = 0; i < 3; i++) expect(await lookup(web(`lookup-guess-${i}`, ip), code, `WRONGKEY${i}A`.slice(0, 10))).toContain('chưa đúng');
    expect(await lookup(web('lookup-guess-9', ip), code, keyIn(filed)!)).toContain('Từ mạng bạn đang dùng đã tra cứu nhiều lần');
    expect(await lookup(web('lookup-owner-2', '203.0.113.22'), code, keyIn(filed)!)).toContain(`Tin báo ${code}`);
  });

  it('limits sign-ups per address and keeps what was typed', async () => {
    const signUp = async (w: ChatDriver, name: string) => {
      for (const p of ['#signup:event:vh-dan-van-kheo', '#signup:join']) await w.send({ payload: p });
      await w.send({ text: 'Đồng ý' });
      await w.send({ text: name });
      await w.send({ text: 'Công ty TNHH Sample Garment' });
      await w.send({ text: '0912345678' });
      return allText(await w.send({ text: 'Xác nhận' }));
    };
    expect(await signUp(web('signup-ip-1', '203.0.113.30'), 'Nguyễn Thị Lan')).toMatch(/DK-/);
    const refused = await signUp(web('signup-ip-2', '203.0.113.30'), 'Trần Văn Nam');
    expect(refused).toContain('Thông tin bạn nhập vẫn được giữ');
    expect(refused).not.toMatch(/DK-/);
    expect(allText(await web('signup-ip-2', '203.0.113.31').send({ payload: '#signup:confirm' }))).toMatch(/DK-/);
  });
});

describe('wrong secret keys per report code', () => {
  it('locks the code after 10 wrong keys from 12 sessions and addresses, tells the officers once, and unlocks after the lock period', async () => {
    const staff = createStaffStore({
      accounts: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).accounts,
      encryptionKey: bot.secrets.encryption,
      kcnIds: kcnIdsOf(content),
    });
    await staff.add({ username: 'can-bo-van-trung', password: 'mật khẩu đủ dài 2027', role: 'officer', kcns: ['van-trung'] });
    const links = createAlertLinks({
      links: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).alertLinks,
      accounts: createRedisStaffStores(bot.redis, bot.config.redisKeyPrefix).accounts,
    });
    const linkCode = await links.createLinkCode('can-bo-van-trung');
    expect(linkCode.ok).toBe(true);
    await links.redeemLinkCode(linkCode.ok ? linkCode.value.code : '', sealAddress(bot.secrets.encryption, 'zalo', 'officer-phone'));
    const told: string[] = [];
    const zalo: ChannelSender = {
      channel: 'zalo',
      send: async (_id, messages) => (told.push(...messages.map((m) => m.text)), { ok: true, sent: messages.length }),
    };
    bot.senders.zalo = zalo;
    try {
      const filed = await fileReport(web('locked-owner', '203.0.113.40'), 'Có người bán hàng cấm trong khu nhà trọ');
      const code = codeIn(filed)!;
      const key = keyIn(filed)!;
      const answers: string[] = [];
      for (let i = 0; i < 12; i++) answers.push(await lookup(web(`guesser-${i}`, `198.51.100.${100 + i}`), code, `${'X'.repeat(9)}${i % 10}`));
      expect(answers.slice(0, 10).every((a) => a.includes('chưa đúng'))).toBe(true);
      expect(answers.slice(10).every((a) => a.includes('đang tạm khóa tra cứu'))).toBe(true);
      // Locked for the reporter too: no key is checked while the lock holds.
      expect(await lookup(web('locked-owner-2', '203.0.113.41'), code, key)).toContain('đang tạm khóa tra cứu');
      expect(told.filter((t) => t.includes(code) && t.includes('nhập sai mã bí mật'))).toHaveLength(1);
      const listed = (await bot.reports.officer.list({ kcns: ['van-trung'] })).find((r) => r.code === code);
      expect(listed?.lookupLocked).toBe(true);

      now = new Date(now.getTime() + bot.config.reports.lookupLockMs + 60_000);
      expect(await lookup(web('locked-owner-3', '203.0.113.42'), code, key)).toContain(`Tin báo ${code}`);
      expect((await bot.reports.officer.list({ kcns: ['van-trung'] })).find((r) => r.code === code)?.lookupLocked).toBeUndefined();
    } finally {
      delete bot.senders.zalo;
    }
  });
});
