/**
 * The OA token pair in Redis: one versioned JSON value whose tokens are sealed with AES-256-GCM.
 * The access token (25 h) is refreshed ahead of expiry and when the API refuses it; the refresh
 * token is single-use, so only one caller refreshes at a time across every bot instance (a Redis
 * lock, then a re-read: someone else may have refreshed already), and the new pair is stored before
 * the new access token is handed out. `ZALO_ACCESS_TOKEN`/`ZALO_REFRESH_TOKEN` seed an empty store
 * only; Redis wins afterwards.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { seal, unseal } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import type { ZaloTokenStore } from './ports.js';

/** What Redis holds under `zalo:tokens`; `access` and `refresh` are sealed, the rest is status. */
export interface ZaloTokenRecord {
  v: 1;
  access: string;
  refresh?: string;
  /** Epoch ms; unknown for seeded tokens (they are refreshed when the API refuses them). */
  expiresAt?: number;
  source: 'seed' | 'refresh';
  updatedAt: number;
  lastRefreshAt?: number;
  lastFailure?: { at: number; code: string };
}

/** An access token to use, or why there is none (`code` is safe to log). */
export type TokenResult = { ok: true; token: string } | { ok: false; code: string };

export interface ZaloTokens {
  /** The access token to use now; refreshes first when it expires within the margin. */
  current(): Promise<TokenResult>;
  /** Refreshes because the API refused `stale`; hands out the newer token if another caller already refreshed. */
  refreshAfterReject(stale: string): Promise<TokenResult>;
  /** Stores the environment's tokens if Redis holds none (first start); never overwrites. */
  seed(): Promise<void>;
  /** The stored record as it is (tokens still sealed); never seeds. */
  stored(): Promise<ZaloTokenRecord | undefined>;
  /** Replaces the stored pair with new tokens (after an officer re-authorised the OA), under the lock. */
  replace(access: string | undefined, refresh: string | undefined): Promise<void>;
}

export interface ZaloTokenDeps {
  /** Where the record lives, and the cross-instance lock the refresh runs under (ports.ts). */
  store: ZaloTokenStore;
  /** `secrets.encryption`: the AES-256-GCM key. */
  encryptionKey: Buffer;
  http: AxiosInstance;
  oauthBaseUrl: string;
  appId: string;
  /** The app secret: the `secret_key` header of the OAuth call (not the OA secret key). */
  appSecret: string;
  seed: { accessToken?: string; refreshToken?: string };
  logger: Logger;
  /** Called once per failed refresh, with a code safe to log (for the error metric). */
  onRefreshFailed?(code: string): void;
  now?: () => number;
  /** Refresh when the access token expires within this many ms (default 30 min). */
  marginMs?: number;
}

/** After a failed refresh, callers wait this long before trying again, so a dead refresh token is not hammered. */
const FAILURE_COOLDOWN_MS = 60_000;

const recordSchema = z.object({
  v: z.literal(1),
  access: z.string(),
  refresh: z.string().optional(),
  expiresAt: z.number().optional(),
  source: z.enum(['seed', 'refresh']),
  updatedAt: z.number(),
  lastRefreshAt: z.number().optional(),
  lastFailure: z.object({ at: z.number(), code: z.string() }).optional(),
});

const granted = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.union([z.string(), z.number()]).transform(Number).pipe(z.number().int().positive()),
});

/** Builds the tokens over their store (ports.ts); store failures propagate as STORE_UNAVAILABLE. */
export function createZaloTokens(deps: ZaloTokenDeps): ZaloTokens {
  const now = deps.now ?? Date.now;
  const marginMs = deps.marginMs ?? 30 * 60_000;

  async function read(): Promise<ZaloTokenRecord | undefined> {
    const raw = await deps.store.get();
    if (!raw) return undefined;
    try {
      return recordSchema.parse(JSON.parse(raw));
    } catch {
      deps.logger.error('stored Zalo token record is unreadable; re-seed it with `npm run zalo:token -- --reseed`');
      return undefined;
    }
  }

  const write = (rec: ZaloTokenRecord) => deps.store.set(JSON.stringify(rec));

  /** Stores a just-granted pair; the old refresh token is spent, so a failed write is retried, then shouted about. */
  async function persist(rec: ZaloTokenRecord): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return void (await write(rec));
      } catch (err) {
        if (attempt >= 3) {
          deps.onRefreshFailed?.('store_failed');
          deps.logger.error('Zalo tokens were refreshed but could NOT be stored: the refresh token is lost; an OA admin must re-authorise the app');
          throw err;
        }
        await sleep(100 * attempt);
      }
    }
  }

  function fresh(access: string, refresh: string | undefined, source: ZaloTokenRecord['source'], expiresAt?: number): ZaloTokenRecord {
    const t = now();
    return {
      v: 1,
      access: seal(deps.encryptionKey, access),
      ...(refresh ? { refresh: seal(deps.encryptionKey, refresh) } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      source,
      updatedAt: t,
      ...(source === 'refresh' ? { lastRefreshAt: t } : {}),
    };
  }

  /** Without an access token, an expired empty one is stored: the first use refreshes it. */
  const seedRecord = (access: string | undefined, refresh: string | undefined) => fresh(access ?? '', refresh, 'seed', access ? undefined : 1);

  async function record(): Promise<ZaloTokenRecord | undefined> {
    const found = await read();
    if (found || (!deps.seed.accessToken && !deps.seed.refreshToken)) return found;
    await deps.store.setIfAbsent(JSON.stringify(seedRecord(deps.seed.accessToken, deps.seed.refreshToken)));
    return read();
  }

  function open(sealed: string): string | undefined {
    try {
      return unseal(deps.encryptionKey, sealed);
    } catch {
      deps.logger.error('stored Zalo tokens cannot be decrypted (APP_SECRET changed?); re-seed them with `npm run zalo:token -- --reseed`');
      return undefined;
    }
  }

  async function fail(rec: ZaloTokenRecord, code: string): Promise<TokenResult> {
    await write({ ...rec, lastFailure: { at: now(), code } });
    deps.onRefreshFailed?.(code);
    deps.logger.error(
      { code },
      'Zalo token refresh FAILED: the bot cannot write to Zalo users until it succeeds. If this repeats, the refresh token is lost and an OA admin must re-authorise the app (docs/channel-zalo.md, "When messages stop").',
    );
    return { ok: false, code: `refresh_${code}` };
  }

  /** Calls the OAuth endpoint; returns the granted pair or a failure code (Zalo's error number, or a transport code). */
  async function exchange(refreshToken: string): Promise<z.infer<typeof granted> | { code: string }> {
    const form = new URLSearchParams({ refresh_token: refreshToken, app_id: deps.appId, grant_type: 'refresh_token' });
    try {
      const res = await deps.http.post(`${deps.oauthBaseUrl}/v4/oa/access_token`, form.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: deps.appSecret },
      });
      const ok = granted.safeParse(res.data);
      if (res.status === 200 && ok.success) return ok.data;
      const error = (res.data as { error?: unknown } | undefined)?.error;
      return { code: typeof error === 'number' && error !== 0 ? String(error) : `http_${res.status}` };
    } catch (err) {
      return { code: (err as { code?: string }).code ?? 'network' };
    }
  }

  async function refreshLocked(stale: string): Promise<TokenResult> {
    const rec = await read();
    const current = rec && open(rec.access);
    if (!rec || current === undefined) return { ok: false, code: 'no_token' };
    if (current !== stale) return { ok: true, token: current };
    if (rec.lastFailure && now() - rec.lastFailure.at < FAILURE_COOLDOWN_MS) return { ok: false, code: `refresh_${rec.lastFailure.code}` };
    const refresh = rec.refresh && open(rec.refresh);
    if (!refresh) return fail(rec, 'no_refresh_token');
    const got = await exchange(refresh);
    if ('code' in got) return fail(rec, got.code);
    await persist(fresh(got.access_token, got.refresh_token, 'refresh', now() + got.expires_in * 1000));
    deps.logger.info({ expiresInSeconds: got.expires_in }, 'Zalo access token refreshed');
    return { ok: true, token: got.access_token };
  }

  async function refresh(stale: string): Promise<TokenResult> {
    try {
      return await deps.store.whileRefreshing(() => refreshLocked(stale));
    } catch (err) {
      if ((err as { code?: string }).code === 'USER_BUSY') return { ok: false, code: 'refresh_busy' };
      throw err;
    }
  }

  return {
    seed: async () => void (await record()),
    stored: read,
    async current() {
      const rec = await record();
      const token = rec && open(rec.access);
      if (!rec || token === undefined) return { ok: false, code: 'no_token' };
      if (rec.expiresAt === undefined || rec.expiresAt - now() > marginMs) return { ok: true, token };
      const renewed = await refresh(token);
      return renewed.ok || rec.expiresAt <= now() ? renewed : { ok: true, token };
    },
    refreshAfterReject: refresh,
    async replace(access, refreshToken) {
      await deps.store.whileRefreshing(() => write(seedRecord(access, refreshToken)));
    },
  };
}
