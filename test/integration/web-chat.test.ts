import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';
import { pseudonymize } from '../../src/lib/crypto.js';
import { startBot, TEST_SECRET, type TestBot } from '../helpers/bot.js';
import { SCRIPT_NOW, scripts, type ChatDriver } from '../helpers/conversations.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startBot('web', {}, () => SCRIPT_NOW);
});
afterAll(async () => bot.cleanup());

function webDriver(sessionId: string): ChatDriver {
  return {
    async send(input) {
      const res = await request(bot.app)
        .post('/api/chat')
        .send({ sessionId, ...input })
        .expect(200);
      return (res.body as { replies: OutboundMessage[] }).replies;
    },
  };
}

describe('web chat: conversation scripts', () => {
  for (const [i, script] of scripts.entries()) {
    it(script.name, async () => {
      const driver = webDriver(`web-script-${i}`);
      for (const step of script.steps) step.expect(await driver.send(step.send));
    });
  }
});

describe('POST /api/chat contract', () => {
  it('answers in the pinned shape: replies with text, and buttons of title and payload', async () => {
    const res = await request(bot.app).post('/api/chat').send({ sessionId: 's1', text: 'menu' }).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    for (const r of res.body.replies) {
      expect(Object.keys(r).sort()).toEqual(r.buttons ? ['buttons', 'text'] : ['text']);
      for (const b of r.buttons ?? []) expect(Object.keys(b).sort()).toEqual(['payload', 'title']);
    }
    expect(res.body.replies.at(-1).buttons.length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['malformed JSON', '{"sessionId": "s1", "text": ', 400, 'malformed_json'],
    ['a missing sessionId', JSON.stringify({ text: 'menu' }), 400, 'invalid_request'],
    ['both text and payload', JSON.stringify({ sessionId: 's1', text: 'a', payload: '#menu' }), 400, 'invalid_request'],
    ['neither text nor payload', JSON.stringify({ sessionId: 's1' }), 400, 'invalid_request'],
    ['a bad sessionId', JSON.stringify({ sessionId: 'a b/c', text: 'x' }), 400, 'invalid_request'],
    ['text over 2000 characters', JSON.stringify({ sessionId: 's1', text: 'a'.repeat(2001) }), 400, 'invalid_request'],
    ['a number as text', JSON.stringify({ sessionId: 's1', text: 5 }), 400, 'invalid_request'],
    ['a body over the limit', JSON.stringify({ sessionId: 's1', text: 'x'.repeat(300 * 1024) }), 413, 'payload_too_large'],
  ])('rejects %s with a JSON error', async (_name, body, status, code) => {
    const res = await request(bot.app).post('/api/chat').set('content-type', 'application/json').send(body).expect(status);
    expect(res.body.error.code).toBe(code);
    if (code === 'invalid_request') expect(['sessionId', 'text', 'payload']).toContain(res.body.error.field);
    await request(bot.app).post('/api/chat').send({ sessionId: 's1', text: 'menu' }).expect(200);
  });

  it('names the missing field', async () => {
    const res = await request(bot.app).post('/api/chat').send({ text: 'menu' }).expect(400);
    expect(res.body.error.field).toBe('sessionId');
    const both = await request(bot.app).post('/api/chat').send({ sessionId: 'x', text: 'a', payload: '#menu' }).expect(400);
    expect(both.body.error.field).toBe('payload');
  });
});

describe('pages and probes', () => {
  it('serves the Vietnamese chat page and its script', async () => {
    const page = await request(bot.app).get('/').expect(200);
    expect(page.text).toContain('<html lang="vi">');
    expect(page.text).toContain('Trợ lý Ngày hội toàn dân bảo vệ an ninh Tổ quốc');
    expect(page.text).toContain('name="viewport"');
    expect(page.text).toContain('<button id="clear" type="button">Xóa cuộc trò chuyện</button>');
    expect(page.text).toContain('data-idle="1800"');
    await request(bot.app)
      .get('/static/chat.js')
      .expect(200)
      .expect('content-type', /javascript/);
    const en = await request(bot.app).get('/?lang=en').expect(200);
    expect(en.text).toContain('National Security Festival assistant');
  });

  it('sends security headers', async () => {
    const res = await request(bot.app).get('/healthz').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('exposes Prometheus metrics for turns, replies, errors and latency', async () => {
    await request(bot.app).post('/api/chat').send({ sessionId: 'm1', text: 'menu' }).expect(200);
    const res = await request(bot.metricsApp).get('/metrics').expect(200);
    expect(res.text).toMatch(/bot_turns_total\{channel="web"\} [1-9]/);
    expect(res.text).toMatch(/bot_replies_sent_total\{channel="web"\} [1-9]/);
    expect(res.text).toContain('bot_turn_duration_seconds_bucket');
    expect(res.text).toContain('# TYPE bot_errors_total counter');
  });

  it('answers 404 in JSON for unknown routes', async () => {
    const res = await request(bot.app).get('/nope').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('reload and shared phones', () => {
  const chat = async (sessionId: string, input: { text: string } | { payload: string }) =>
    (
      await request(bot.app)
        .post('/api/chat')
        .send({ sessionId, ...input })
        .expect(200)
    ).body.replies as OutboundMessage[];
  const userKeys = async (sessionId: string) => {
    const userKey = pseudonymize(bot.secrets.pseudonym, 'web', sessionId);
    return (await bot.keysInRedis()).filter((k) => k.includes(`{u:${userKey}}`));
  };

  it('offers the report code and secret key as copy buttons on the web', async () => {
    const session = 'web-copy-1';
    for (const input of [
      { payload: '#report' },
      { payload: '#report:urgent:no' },
      { payload: '#report:cat:theft' },
      { payload: '#report:kcn:dinh-tram' },
      { payload: '#report:skip' },
      { text: 'sáng nay' },
      { text: 'Mất xe máy ở bãi xe công nhân cổng số hai' },
      { payload: '#report:photos_done' },
      { payload: '#report:contact:no' },
    ]) {
      await chat(session, input);
    }
    const [done] = await chat(session, { payload: '#report:confirm' });
    const code = /TG-[A-Z0-9]{6}/.exec(done!.text)![0];
    const key = /Mã bí mật: ([A-Z0-9]{10})/.exec(done!.text)![1]!;
    expect(done!.buttons).toEqual([
      { title: 'Mã tin báo', payload: code, kind: 'copy' },
      { title: 'Mã bí mật', payload: key, kind: 'copy' },
    ]);
  });

  it('picks up a report in progress for a page without its copy (another tab), with the buttons it offered; nothing for a session without one', async () => {
    const session = 'web-resume-1';
    await chat(session, { payload: '#report' });
    const offered = (await chat(session, { payload: '#report:urgent:no' })).at(-1)!.buttons!;
    const res = await request(bot.app).get('/api/chat/resume').query({ sessionId: session }).expect(200);
    expect(res.body.replies).toEqual([{ text: 'Bạn đang làm dở một việc. Mời bạn chọn tiếp bên dưới, hoặc gõ “hủy” để dừng.', buttons: offered }]);
    // The draft is still there: the offered choice goes on with the report.
    expect((await chat(session, { payload: offered[0]!.payload })).map((r) => r.text).join('\n')).toContain('khu công nghiệp nào');

    const before = await bot.keysInRedis();
    expect((await request(bot.app).get('/api/chat/resume').query({ sessionId: 'web-never-seen' }).expect(200)).body).toEqual({ replies: [] });
    expect(await bot.keysInRedis()).toEqual(before);
    await request(bot.app).get('/api/chat/resume').query({ sessionId: 'a b' }).expect(400);
  });

  it('"clear this chat" ends the session on the server: state, language and draft are gone', async () => {
    const session = 'web-clear-1';
    await chat(session, { text: 'English' });
    await chat(session, { payload: '#report' });
    await chat(session, { payload: '#report:urgent:no' });
    expect((await userKeys(session)).length).toBeGreaterThan(0);
    expect((await request(bot.app).post('/api/chat/end').send({ sessionId: session }).expect(200)).body).toEqual({ ended: true });
    expect((await userKeys(session)).filter((k) => /:(session|prefs|seen|inbox)$/.test(k))).toEqual([]);
    expect((await request(bot.app).get('/api/chat/resume').query({ sessionId: session }).expect(200)).body.replies).toEqual([]);
    // The old draft's buttons no longer lead into it: a category choice starts the report afresh.
    expect((await chat(session, { payload: '#report:cat:theft' })).map((r) => r.text).join('\n')).toContain('không thấy tên hay tài khoản của bạn');
    await request(bot.app).post('/api/chat/end').send({ sessionId: '../x' }).expect(400);
  });
});

describe('privacy', () => {
  it('stores no raw session id anywhere in Redis', async () => {
    const sessionId = 'privacy-probe-Session_ID-12345';
    const driver = webDriver(sessionId);
    await driver.send({ text: 'ngay hoi' });
    await driver.send({ text: 'ngôn ngữ' });
    await driver.send({ text: 'English' });
    const keys = await bot.keysInRedis();
    expect(keys.length).toBeGreaterThan(0);
    const dump = await bot.dumpRedis();
    expect(dump).not.toContain(sessionId);
    expect(dump).not.toContain(TEST_SECRET);
  });
});
