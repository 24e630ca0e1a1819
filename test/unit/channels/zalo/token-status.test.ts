import { describe, expect, it } from 'vitest';
import { describeTokenStatus, humanDuration } from '../../../../src/channels/zalo/token-status.js';
import type { ZaloTokenRecord } from '../../../../src/channels/zalo/tokens.js';

const NOW = Date.parse('2026-08-01T03:00:00Z');
const H = 3_600_000;
const rec = (patch: Partial<ZaloTokenRecord> = {}): ZaloTokenRecord => ({
  v: 1,
  access: 'v1.sealed-access',
  refresh: 'v1.sealed-refresh',
  expiresAt: NOW + 25 * H,
  source: 'refresh',
  updatedAt: NOW - H,
  lastRefreshAt: NOW - H,
  ...patch,
});

describe('describeTokenStatus', () => {
  it('reports expiry and the last refresh of a healthy pair, never the sealed values', () => {
    const s = describeTokenStatus(rec(), NOW, true);
    expect(s.healthy).toBe(true);
    const text = s.lines.join('\n');
    expect(text).toContain('valid until 2026-08-02T04:00:00Z (in 1 d 1 h)');
    expect(text).toContain('last refresh:  2026-08-01T02:00:00Z (1 h 00 min ago)');
    expect(text).not.toMatch(/sealed/);
  });

  it.each([
    ['nothing stored', undefined, true, /no Zalo tokens in Redis/],
    ['an expired access token', rec({ expiresAt: NOW - 90 * 60_000 }), true, /EXPIRED at .* \(1 h 30 min ago\)/],
    ['no refresh token', rec({ refresh: undefined }), true, /MISSING: an OA admin must re-authorise/],
    ['a failed refresh', rec({ lastFailure: { at: NOW - 60_000, code: '-14020' } }), true, /code -14020/],
    ['tokens sealed with another APP_SECRET', rec(), false, /decryption:\s+FAILED/],
  ])('is unhealthy with %s', (_name, r, readable, line) => {
    const s = describeTokenStatus(r, NOW, readable);
    expect(s.healthy).toBe(false);
    expect(s.lines.join('\n')).toMatch(line);
  });

  it('says when the expiry of seeded tokens is unknown', () => {
    const s = describeTokenStatus(rec({ source: 'seed', expiresAt: undefined, lastRefreshAt: undefined }), NOW, true);
    expect(s.healthy).toBe(true);
    expect(s.lines.join('\n')).toMatch(/expiry unknown[\s\S]*last refresh: {2}never/);
  });
});

describe('humanDuration', () => {
  it.each([
    [59_000, '0 min'],
    [5 * 60_000, '5 min'],
    [2 * H + 5 * 60_000, '2 h 05 min'],
    [-3 * 24 * H - 4 * H, '3 d 4 h'],
  ])('%i ms is "%s"', (ms, text) => expect(humanDuration(ms)).toBe(text));
});
