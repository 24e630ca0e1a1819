import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';
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
      const res = await request(bot.app).post('/api/chat').send({ sessionId, ...input }).expect(200);
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
    expect(page.text).toContain('Trợ lý Ngày hội toàn dân bảo vệ ANTQ');
    expect(page.text).toContain('name="viewport"');
    await request(bot.app).get('/static/chat.js').expect(200).expect('content-type', /javascript/);
    const en = await request(bot.app).get('/?lang=en').expect(200);
    expect(en.text).toContain('National Security Day assistant');
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
