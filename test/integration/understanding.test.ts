/**
 * What workers type in the middle of a flow (test/understanding/conversations.yaml, written by someone
 * who had not seen the router): each typed answer leaves the flow where it must be, through a running
 * bot on Redis. The accuracy figures for questions are in `npm run bench:understanding`, not here.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/message.js';
import { pseudonymize } from '../../src/lib/crypto.js';
import { createRedisSessionStore } from '../../src/store/redis/session-store.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { loadConversations, runConversation, type Driver } from '../understanding/corpus.js';

const NOW = new Date('2026-12-06T03:00:00Z');
let bot: TestBot;
let driver: Driver;

beforeAll(async () => {
  bot = await startBot('understanding', { RATE_USER_PER_MINUTE: '1000', RATE_WEB_PER_MINUTE: '100000' }, () => NOW);
  const sessions = createRedisSessionStore(bot.redis, bot.keys, bot.config.sessionIdleSeconds, bot.secrets.encryption);
  driver = {
    send: async (channel, user, input) =>
      channel === 'web'
        ? ((await request(bot.app).post('/api/chat').send({ sessionId: user, ...input }).expect(200)).body as { replies: OutboundMessage[] }).replies
        : bot.handle({ channel, userId: user, at: NOW, event: 'message', ...input }),
    flow: async (channel, user) => (await sessions.load(pseudonymize(bot.secrets.pseudonym, channel, user))).session?.flow,
  };
});
afterAll(() => bot.cleanup());

describe('typed answers in the middle of a flow', () => {
  const cases = loadConversations();
  it('has at least 150 cases, covering every step a worker types at', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });
  it.each(cases.map((c, i) => [`${c.at} ← ${JSON.stringify(c.say)}`, c, i] as const))('%s', async (_name, c, i) => {
    expect(await runConversation(driver, c, `u${i}`)).toBeUndefined();
  });
});
