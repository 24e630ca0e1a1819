/** Every conversation script of the web chat, run end to end over Zalo, plus the menu and click contract. */
import nock from 'nock';
import request from 'supertest';
import { pseudonymize } from '../../src/lib/crypto.js';
import { createRedisSessionStore } from '../../src/store/redis/session-store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW, allPayloads, allText, scripts } from '../helpers/conversations.js';
import { CS_PATH, isolateNetwork, postWebhook, stubCs, toOutbound, zaloDriver, zaloEvent, zaloUserId, ZALO_ENV, type CsCall } from '../helpers/zalo.js';

let bot: TestBot;
let calls: CsCall[];
beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('zalo', { ...ZALO_ENV }, () => SCRIPT_NOW);
  calls = stubCs();
});
afterAll(async () => {
  nock.cleanAll();
  await bot.cleanup();
});

describe('Zalo: conversation scripts', () => {
  for (const script of scripts) {
    it(script.name, async () => {
      const driver = zaloDriver(bot, calls, zaloUserId());
      for (const step of script.steps) step.expect(await driver.send(step.send));
    });
  }
});

describe('Zalo: menu and buttons', () => {
  it(`answers a signed "menu" with one POST ${CS_PATH} to the sender per rendered message: the menu and its buttons`, async () => {
    const userId = zaloUserId();
    const from = calls.length;
    await postWebhook(bot.app, zaloEvent('user_send_text', { userId, text: 'menu' })).expect(200);
    await bot.intake.idle();
    const sent = calls.slice(from);
    const buttons = sent.flatMap((c) => (c.message.attachment?.payload.buttons ?? []) as { type: string; payload: string }[]);
    expect(buttons.map((b) => b.payload)).toEqual(expect.arrayContaining(['#festival', '#slogans']));
    for (const b of buttons) expect(b.type).toBe('oa.query.hide');
    // Exactly one message: at most 4 buttons, every menu entry listed by number in its text.
    expect(sent).toHaveLength(1);
    expect(buttons.length).toBeLessThanOrEqual(4);
    expect(sent[0]!.message.text).toMatch(/\n\d+\. Tiếng Việt \/ English/);
    expect(sent[0]!.message.text).toMatch(/Mời bạn chọn/);
    for (const c of sent) {
      expect(c.userId).toBe(userId);
      expect(c.accessToken).toBe(ZALO_ENV.ZALO_ACCESS_TOKEN);
    }
  });

  it('moves the conversation on when a button is clicked (its payload comes back as text)', async () => {
    const driver = zaloDriver(bot, calls, zaloUserId());
    const menu = await driver.send({ text: 'menu' });
    const festival = menu[0]!.buttons!.find((b) => b.payload === '#festival')!;
    const replies = await driver.send({ text: festival.payload });
    expect(allText(replies)).toContain('Ngày hội toàn dân bảo vệ an ninh Tổ quốc');
    expect(allPayloads(replies)).toContain('#festival:ceremony');
  });

  it('shows at most 4 buttons per message and lists every option by number', async () => {
    const userId = zaloUserId();
    const from = calls.length;
    await postWebhook(bot.app, zaloEvent('user_send_text', { userId, text: 'ngay hoi la gi' })).expect(200);
    await bot.intake.idle();
    const sent = calls.slice(from);
    for (const c of sent) expect(c.message.attachment?.payload.buttons.length ?? 0).toBeLessThanOrEqual(4);
    const replies = toOutbound(sent);
    expect(replies.at(-1)!.text).toMatch(/\n5\. /);
    // The topic list shows 4 buttons; the answer above it carries its own "full text" button.
    expect(allPayloads(replies.slice(-1))).toHaveLength(4);
    for (const c of sent) expect([...(c.message.text as string)].length).toBeLessThanOrEqual(2000);
  });

  it('registers its sender for messages outside a turn: an officer reply reaches the user within the free 48 hours, not later', async () => {
    const sender = bot.senders.zalo!;
    expect(sender.channel).toBe('zalo');
    const userId = zaloUserId();
    await zaloDriver(bot, calls, userId).send({ text: 'menu' });
    const from = calls.length;
    expect(await sender.send(userId, [{ text: 'Cán bộ đã trả lời báo cáo của bạn.' }], { human: true })).toEqual({ ok: true, sent: 1 });
    expect(calls.slice(from)).toEqual([{ userId, accessToken: ZALO_ENV.ZALO_ACCESS_TOKEN, message: { text: 'Cán bộ đã trả lời báo cáo của bạn.' } }]);

    // The same user, last seen 49 hours ago: no Zalo call at all (without ZALO_PAID_WINDOW it would fail with -320, or be billed).
    const sessions = createRedisSessionStore(bot.redis, bot.keys, 60);
    await sessions.save(pseudonymize(bot.secrets.pseudonym, 'zalo', userId), { seenAt: new Date(SCRIPT_NOW.getTime() - 49 * 3600_000) });
    expect(await sender.send(userId, [{ text: 'Cán bộ hỏi thêm.' }], { human: true })).toMatchObject({ ok: false, reason: 'window_closed', sent: 0 });
    expect(calls.length).toBe(from + 1);
    expect((await request(bot.metricsApp).get('/metrics')).text).toMatch(/zalo_send_outside_window_total\{code="window_closed"\} 1/);
  });
});
