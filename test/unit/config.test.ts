import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seenTtlSeconds } from '../../src/channels/replay.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET = 'x'.repeat(32);

describe('config', () => {
  it('applies the pinned defaults', () => {
    const c = loadConfig({ APP_SECRET: SECRET });
    expect(c.port).toBe(3000);
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.bodyLimit).toBe('256kb');
    expect(c.sessionIdleSeconds).toBe(30 * 60);
    expect(c.channels).toEqual(['web']);
    expect(c.unansweredRetentionDays).toBe(30);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every bad variable in one error', () => {
    try {
      loadConfig({ APP_SECRET: 'short', PORT: 'abc', REDIS_URL: 'http://x', NODE_ENV: 'production' });
      expect.unreachable('loadConfig accepted a bad environment');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      for (const name of ['APP_SECRET', 'PORT', 'REDIS_URL']) expect(msg).toContain(name);
    }
  });

  it('runs the intake worker unless INTAKE_WORKER says no; bounds INTAKE_CONCURRENCY', () => {
    expect(loadConfig({ APP_SECRET: SECRET }).intakeWorker).toBe(true);
    expect(loadConfig({ APP_SECRET: SECRET, INTAKE_WORKER: '' }).intakeWorker).toBe(true);
    expect(loadConfig({ APP_SECRET: SECRET, INTAKE_WORKER: 'false' }).intakeWorker).toBe(false);
    expect(loadConfig({ APP_SECRET: SECRET, INTAKE_WORKER: '0' }).intakeWorker).toBe(false);
    expect(loadConfig({ APP_SECRET: SECRET }).intakeConcurrency).toBe(64);
    expect(() => loadConfig({ APP_SECRET: SECRET, INTAKE_WORKER: 'sometimes' })).toThrow(/INTAKE_WORKER/);
    expect(() => loadConfig({ APP_SECRET: SECRET, INTAKE_CONCURRENCY: '0' })).toThrow(/INTAKE_CONCURRENCY/);
  });

  it('shows sample content by default outside production only; DEMO_CONTENT overrides either way', () => {
    expect(loadConfig({ APP_SECRET: SECRET }).demoContent).toBe(true);
    expect(loadConfig({ APP_SECRET: SECRET, NODE_ENV: 'test' }).demoContent).toBe(true);
    expect(loadConfig({ APP_SECRET: SECRET, NODE_ENV: 'production' }).demoContent).toBe(false);
    expect(loadConfig({ APP_SECRET: SECRET, NODE_ENV: 'production', DEMO_CONTENT: '' }).demoContent).toBe(false);
    expect(loadConfig({ APP_SECRET: SECRET, NODE_ENV: 'production', DEMO_CONTENT: 'true' }).demoContent).toBe(true);
    expect(loadConfig({ APP_SECRET: SECRET, DEMO_CONTENT: 'no' }).demoContent).toBe(false);
    expect(() => loadConfig({ APP_SECRET: SECRET, DEMO_CONTENT: 'maybe' })).toThrow(/DEMO_CONTENT/);
  });

  it('drops signed webhook events older than WEBHOOK_MAX_AGE_HOURS (6 by default), and keeps seen marks at least twice as long', () => {
    expect(loadConfig({ APP_SECRET: SECRET }).webhookMaxAgeMs).toBe(6 * 3600_000);
    expect(loadConfig({ APP_SECRET: SECRET, WEBHOOK_MAX_AGE_HOURS: '72' }).webhookMaxAgeMs).toBe(72 * 3600_000);
    expect(() => loadConfig({ APP_SECRET: SECRET, WEBHOOK_MAX_AGE_HOURS: '0' })).toThrow(/WEBHOOK_MAX_AGE_HOURS/);
    expect(seenTtlSeconds(6 * 3600_000)).toBe(48 * 3600);
    expect(seenTtlSeconds(72 * 3600_000)).toBe(144 * 3600);
  });

  it('assumes the free 48-hour Zalo window unless ZALO_PAID_WINDOW=true', () => {
    const zalo = { APP_SECRET: SECRET, ZALO_APP_ID: '1', ZALO_APP_SECRET: 's', ZALO_OA_SECRET_KEY: 'k' };
    expect(loadConfig(zalo).zalo!.paidWindow).toBe(false);
    expect(loadConfig({ ...zalo, ZALO_PAID_WINDOW: 'true' }).zalo!.paidWindow).toBe(true);
  });

  it('keeps /metrics off the public port: its own port on 127.0.0.1 unless told, a bearer token only if long enough', () => {
    expect(loadConfig({ APP_SECRET: SECRET }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ APP_SECRET: SECRET, METRICS_PORT: '0', METRICS_TOKEN: 't'.repeat(24) }).metrics).toEqual({
      port: 0,
      host: '127.0.0.1',
      token: 't'.repeat(24),
    });
    expect(() => loadConfig({ APP_SECRET: SECRET, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('requires APP_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/APP_SECRET: is required/);
  });

  it('generates a development secret once into a git-ignored file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), '.local', 'app-secret');
    const first = loadConfig({ APP_SECRET_FILE: file });
    expect(first.appSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.warnings.join()).toMatch(/generated a development secret/);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ APP_SECRET_FILE: file });
    expect(second.appSecret).toBe(first.appSecret);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.appSecret);
  });

  it('switches a channel on only with its full credentials, and rejects a partial set', () => {
    const zalo = loadConfig({ APP_SECRET: SECRET, ZALO_APP_ID: '1', ZALO_APP_SECRET: 's', ZALO_OA_SECRET_KEY: 'k' });
    expect(zalo.channels).toEqual(['web', 'zalo']);
    expect(zalo.zalo?.apiBaseUrl).toBe('https://openapi.zalo.me');
    const fb = loadConfig({ APP_SECRET: SECRET, FB_PAGE_ACCESS_TOKEN: 't', FB_APP_SECRET: 's', FB_VERIFY_TOKEN: 'v', FB_GRAPH_API_URL: 'http://127.0.0.1:9/' });
    expect(fb.channels).toEqual(['web', 'messenger']);
    expect(fb.messenger?.graphApiUrl).toBe('http://127.0.0.1:9');
    expect(fb.messenger?.graphApiVersion).toBe('v25.0');
    expect(() => loadConfig({ APP_SECRET: SECRET, ZALO_APP_ID: '1' })).toThrow(/ZALO_APP_SECRET: is required to switch the Zalo channel on/);
  });
});
