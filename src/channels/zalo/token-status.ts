/** Human-readable status of the stored OA tokens, for `npm run zalo:token`; never includes a token. */
import type { ZaloTokenRecord } from './tokens.js';

/** What the status says, and whether the bot can write to Zalo users with it. */
export interface TokenStatus {
  healthy: boolean;
  lines: string[];
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** "2 h 05 min", "3 d 4 h": the distance between two instants, for people. */
export function humanDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d} d ${h} h`;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/**
 * Describes a stored record at `now`. `readable` tells whether the sealed tokens decrypt with the
 * current APP_SECRET. Unhealthy: nothing stored, undecryptable, expired, no refresh token, or a
 * refresh failure since the last success.
 */
export function describeTokenStatus(rec: ZaloTokenRecord | undefined, now: number, readable: boolean): TokenStatus {
  if (!rec) {
    return {
      healthy: false,
      lines: ['no Zalo tokens in Redis: the bot stores ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN when it starts with them set, or run with --reseed'],
    };
  }
  const expired = rec.expiresAt !== undefined && rec.expiresAt <= now;
  const expiry =
    rec.expiresAt === undefined
      ? 'expiry unknown (seeded; refreshed when Zalo refuses it)'
      : `${expired ? 'EXPIRED at' : 'valid until'} ${iso(rec.expiresAt)} (${expired ? `${humanDuration(now - rec.expiresAt)} ago` : `in ${humanDuration(rec.expiresAt - now)}`})`;
  const lines = [
    `source:        ${rec.source === 'refresh' ? 'refreshed by the bot' : 'seeded (environment or --reseed)'}, stored ${iso(rec.updatedAt)}`,
    `access token:  ${expiry}`,
    `refresh token: ${rec.refresh ? 'present (single use, valid about 3 months after it was issued)' : 'MISSING: an OA admin must re-authorise the app'}`,
    `last refresh:  ${rec.lastRefreshAt ? `${iso(rec.lastRefreshAt)} (${humanDuration(now - rec.lastRefreshAt)} ago)` : 'never'}`,
    `last failure:  ${rec.lastFailure ? `${iso(rec.lastFailure.at)}, code ${rec.lastFailure.code}` : 'none since the last refresh'}`,
    `decryption:    ${readable ? 'ok' : 'FAILED: APP_SECRET differs from the one that sealed them; re-seed with --reseed'}`,
  ];
  return { healthy: readable && !expired && Boolean(rec.refresh) && !rec.lastFailure, lines };
}
