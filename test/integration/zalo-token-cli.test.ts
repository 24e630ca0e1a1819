/** `npm run zalo:token` (src/cli/zalo-token.ts) as a real process against a real Redis: status without tokens, and --reseed. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_CLUSTER_NODES, REDIS_URL, startBot, TEST_SECRET, type TestBot } from '../helpers/bot.js';
import { storeTokens, storedTokens, ZALO_ENV } from '../helpers/zalo.js';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
let bot: TestBot;

beforeAll(async () => {
  bot = await startBot('zalocli', { ...ZALO_ENV });
});
afterAll(async () => bot.cleanup());

/** Runs the CLI with the bot's configuration; resolves with its output and exit code. */
async function cli(args: string[] = [], env: Record<string, string> = {}): Promise<{ stdout: string; code: number }> {
  const vars = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    APP_SECRET: TEST_SECRET,
    REDIS_URL,
    REDIS_CLUSTER_NODES,
    REDIS_KEY_PREFIX: bot.config.redisKeyPrefix,
    ...ZALO_ENV,
    ...env,
  };
  try {
    const { stdout } = await run(`${ROOT}node_modules/.bin/tsx`, ['src/cli/zalo-token.ts', ...args], { cwd: ROOT, env: vars, timeout: 15_000 });
    return { stdout, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; code?: number };
    return { stdout: e.stdout ?? '', code: e.code ?? -1 };
  }
}

describe('npm run zalo:token', () => {
  it('prints expiry and last refresh without printing the tokens', async () => {
    await storeTokens(bot, { access: 'cli-access-SECRET', refresh: 'cli-refresh-SECRET', expiresAt: Date.now() + 20 * 3_600_000 });
    const { stdout, code } = await cli();
    expect(code).toBe(0);
    expect(stdout).toMatch(/access token:\s+valid until .* \(in 19 h \d\d min\)/);
    expect(stdout).toMatch(/last refresh:\s+\d{4}-/);
    expect(stdout).not.toMatch(/cli-access|cli-refresh|seed-access|seed-refresh|v1\./);
  });

  it('--reseed replaces the stored pair with the environment tokens (after a re-authorisation)', async () => {
    const { stdout, code } = await cli(['--reseed'], { ZALO_ACCESS_TOKEN: 'officer-access-SECRET', ZALO_REFRESH_TOKEN: 'officer-refresh-SECRET' });
    expect(code).toBe(0);
    expect(stdout).toContain('Stored the tokens from the environment.');
    expect(stdout).toMatch(/expiry unknown/);
    expect(stdout).not.toContain('officer-');
    expect(await storedTokens(bot)).toMatchObject({ access: 'officer-access-SECRET', refresh: 'officer-refresh-SECRET', source: 'seed' });
  });

  it('exits 1 when there is nothing usable', async () => {
    await bot.redis.del(`${bot.keys.prefix}:zalo:tokens`);
    const { stdout, code } = await cli();
    expect(code).toBe(1);
    expect(stdout).toContain('no Zalo tokens in Redis');
  });
});
