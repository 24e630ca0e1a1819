/**
 * The typed Zalo OA API client: one axios instance with timeouts, the `access_token` header, and
 * Zalo's "HTTP 200 with {error, message}" failures mapped to values. Policy per failure: a token
 * error refreshes once and retries once; a rate limit or a transport failure (network, timeout,
 * 5xx) backs off with jitter for a bounded number of attempts; everything else is final. Logs carry
 * the path and the code only, never the token or the message.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import axios, { type AxiosInstance } from 'axios';
import { keepAliveAgents } from '../../lib/agents.js';
import type { Logger } from '../../lib/logger.js';
import type { ZaloTokens } from './tokens.js';

/** What kind of failure a Zalo answer is; decides retries and what the sender reports. */
export type ZaloFailure = 'token' | 'rate_limited' | 'window_closed' | 'undeliverable' | 'rejected' | 'transient';

/** The outcome of one API call; `code` is Zalo's error number or a transport code, safe to log. */
export type ApiResult = { ok: true; data: unknown } | { ok: false; failure: ZaloFailure; code: string };

/** Zalo error numbers by kind (reference §7); any other negative number is a final rejection. */
const CODES: Record<Exclude<ZaloFailure, 'rejected' | 'transient'>, readonly number[]> = {
  /** Invalid, expired or removed access token. */
  token: [-216, -220, -124],
  /** "reached limit call api". */
  rate_limited: [-32],
  /**
   * Outside what this OA may send to the user now: the 7-day interaction window, the night window, or
   * the billed part of the window (48 hours to 7 days) without a linked Zalo Cloud Account (-320) or
   * with an empty balance (-321). Not retried; the user's next message opens the free window again.
   */
  window_closed: [-230, -232, -234, -320, -321],
  /** Not a follower, blocked the OA, banned or inactive, restricted this message type. */
  undeliverable: [-213, -217, -227, -244],
};

/** Maps a Zalo error number to its kind. */
export function classifyZaloError(code: number): ZaloFailure {
  for (const [kind, codes] of Object.entries(CODES)) if (codes.includes(code)) return kind as ZaloFailure;
  return 'rejected';
}

export interface RetryPolicy {
  /** Most attempts for rate limits and transport failures (the token retry comes on top). */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseMs: 500, maxMs: 8_000 };

/** Exponential backoff with "equal jitter": half fixed, half random, so instances do not retry in step. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (cap / 2) * random());
}

/** The one axios instance for Zalo (API and OAuth): timeouts, no redirects, every status resolved. */
export function createZaloHttp(timeoutMs = 10_000): AxiosInstance {
  return axios.create({ timeout: timeoutMs, maxRedirects: 0, validateStatus: () => true, headers: { 'user-agent': 'antq-bot' }, ...keepAliveAgents() });
}

export interface ZaloClient {
  /** POSTs a JSON body to an OA API path (`/v3.0/oa/message/cs`). */
  postJson(path: string, body: unknown): Promise<ApiResult>;
  /** POSTs a multipart form (uploads: `/v2.0/oa/upload/image`). */
  postForm(path: string, form: () => FormData): Promise<ApiResult>;
}

export interface ZaloClientDeps {
  http: AxiosInstance;
  apiBaseUrl: string;
  tokens: ZaloTokens;
  logger: Logger;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

function interpret(status: number, data: unknown): ApiResult {
  const body = typeof data === 'object' && data !== null ? (data as { error?: unknown; data?: unknown }) : undefined;
  if (status === 200 && typeof body?.error === 'number') {
    return body.error === 0 ? { ok: true, data: body.data } : { ok: false, failure: classifyZaloError(body.error), code: String(body.error) };
  }
  const code = `http_${status}`;
  if (status === 401) return { ok: false, failure: 'token', code };
  if (status === 429) return { ok: false, failure: 'rate_limited', code };
  if (status >= 500 || status === 200) return { ok: false, failure: 'transient', code: status === 200 ? 'bad_body' : code };
  return { ok: false, failure: 'rejected', code };
}

/** Builds the client over the token store. */
export function createZaloClient(deps: ZaloClientDeps): ZaloClient {
  const policy = deps.retry ?? DEFAULT_RETRY;
  const wait = deps.sleep ?? sleep;

  async function once(path: string, token: string, body: () => unknown, contentType?: string): Promise<ApiResult> {
    try {
      const headers = { access_token: token, ...(contentType ? { 'content-type': contentType } : {}) };
      const res = await deps.http.post(`${deps.apiBaseUrl}${path}`, body(), { headers });
      return interpret(res.status, res.data);
    } catch (err) {
      return { ok: false, failure: 'transient', code: (err as { code?: string }).code ?? 'network' };
    }
  }

  async function call(path: string, body: () => unknown, contentType?: string): Promise<ApiResult> {
    let token = await deps.tokens.current();
    let refreshed = false;
    for (let attempt = 1; ; ) {
      if (!token.ok) return { ok: false, failure: 'token', code: token.code };
      const result = await once(path, token.token, body, contentType);
      if (result.ok) return result;
      if (result.failure === 'token' && !refreshed) {
        refreshed = true;
        deps.logger.warn({ path, code: result.code }, 'Zalo refused the access token; refreshing once');
        token = await deps.tokens.refreshAfterReject(token.token);
        continue;
      }
      if ((result.failure !== 'rate_limited' && result.failure !== 'transient') || attempt >= policy.attempts) return result;
      const delay = backoffMs(attempt, policy, deps.random);
      deps.logger.warn({ path, code: result.code, attempt, delayMs: delay }, 'Zalo call failed; retrying after a pause');
      await wait(delay);
      attempt++;
    }
  }

  return {
    postJson: (path, body) => call(path, () => body, 'application/json'),
    postForm: (path, form) => call(path, form),
  };
}
