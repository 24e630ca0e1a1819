/** The bot as a real process: restart mid-conversation, Redis outage and recovery, graceful stop. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { dumpKeys, TEST_SECRET, uniquePrefix } from '../helpers/bot.js';
import { freePort, startBotProcess, TestRedisServer, waitFor } from '../helpers/processes.js';

interface Reply {
  text: string;
  buttons?: { title: string; payload: string }[];
}

async function chat(url: string, body: object): Promise<{ status: number; replies: Reply[] }> {
  const res = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { replies?: Reply[] };
  return { status: res.status, replies: json.replies ?? [] };
}

let redisServer: TestRedisServer;
const prefix = uniquePrefix('life');
let env: Record<string, string>;

beforeAll(async () => {
  redisServer = new TestRedisServer(await freePort());
  await redisServer.start();
  env = { APP_SECRET: TEST_SECRET, REDIS_URL: redisServer.url, REDIS_KEY_PREFIX: prefix, NODE_ENV: 'test' };
});
afterAll(async () => redisServer.stop());

describe('bot process', () => {
  it('continues a conversation after a restart', async () => {
    const first = await startBotProcess(env);
    const r1 = await chat(first.url, { sessionId: 'restart-1', text: 'ngày hội' });
    // A typed number picks from the last message's buttons (the answer above it has its own "full text" button).
    const offered = r1.replies.at(-1)?.buttons ?? [];
    expect(offered[2]?.payload).toBe('#festival:who');
    expect(await first.stop()).toBe(0);

    const second = await startBotProcess(env);
    try {
      const r2 = await chat(second.url, { sessionId: 'restart-1', text: '3' });
      expect(r2.status).toBe(200);
      expect(r2.replies[0]!.text).toContain('người có uy tín');
    } finally {
      await second.stop();
    }
  });

  it('reports not ready while Redis is down and recovers without a restart', async () => {
    const bot = await startBotProcess(env);
    try {
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
      await redisServer.stop();
      await waitFor(async () => (await fetch(`${bot.url}/readyz`)).status === 503);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      const down = await chat(bot.url, { sessionId: 'outage-1', text: 'menu' });
      expect(down.status).toBe(503);

      await redisServer.start();
      await waitFor(async () => (await fetch(`${bot.url}/readyz`)).status === 200);
      const up = await chat(bot.url, { sessionId: 'outage-1', text: 'menu' });
      expect(up.status).toBe(200);
      expect(up.replies.at(-1)!.buttons!.length).toBeGreaterThan(0);
    } finally {
      expect(await bot.stop()).toBe(0);
    }
  });

  it('stops cleanly on SIGTERM and leaves only pseudonymous keys behind', async () => {
    const bot = await startBotProcess(env);
    await chat(bot.url, { sessionId: 'sigterm-session-777', text: 'khẩu hiệu' });
    expect(await bot.stop()).toBe(0);
    const redis = new Redis(redisServer.url);
    try {
      const dump = await dumpKeys(redis, `${prefix}:*`);
      expect(dump).toContain(':session');
      expect(dump).not.toContain('sigterm-session-777');
    } finally {
      redis.disconnect();
    }
  });
});
