/**
 * A thin typed Graph API client: one axios instance with timeouts, the page token and its
 * `appsecret_proof` on every call, failures as values (classified in `errors.ts`), bounded retries
 * with jittered backoff. Never throws for an API or network failure, and never logs the token, a
 * PSID or message text (axios errors carry the token in their config, so they are never logged).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import axios, { type AxiosInstance } from 'axios';
import { keepAliveAgents } from '../../lib/agents.js';
import type { Logger } from '../../lib/logger.js';
import { classifyGraphError, networkFailure, regainMinutes, type GraphFailure } from './errors.js';
import { graphErrorSchema, type SendRequest } from './schema.js';
import { appSecretProof } from './verify.js';

/** The Messenger app's settings, as the deployment configures them (FB_* variables, src/config.ts). */
export interface MessengerSettings {
  pageAccessToken: string;
  appSecret: string;
  verifyToken: string;
  graphApiUrl: string;
  graphApiVersion: string;
  /** FB_HUMAN_AGENT_TAG: Meta approved the Human Agent feature for this app. */
  humanAgentTag: boolean;
}

/** Retry and timeout settings; tests inject small delays and a fixed `random`. */
export interface RetryOptions {
  /** Most tries of one call, the first included (default 3). */
  attempts?: number;
  /** First backoff for transient failures, doubled each retry (default 500 ms). */
  baseDelayMs?: number;
  /** First backoff after a rate limit, doubled each retry (default 2,000 ms). */
  throttleDelayMs?: number;
  /** A retry that would wait longer than this is not made (default 30 s). */
  maxDelayMs?: number;
  /** Timeout of one HTTP call (default 10 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<unknown>;
  /** Source of jitter in [0, 1). */
  random?: () => number;
}

/** The outcome of one Graph call, after retries. */
export type GraphResult = { ok: true; data: unknown; attempts: number } | ({ ok: false; attempts: number } & GraphFailure);

/** The Graph API operations the bot uses. */
export interface GraphClient {
  /** `POST /me/messages`: one message or sender action. */
  sendMessage(body: SendRequest): Promise<GraphResult>;
  /** `POST /me/messenger_profile`: Get Started, greeting, persistent menu. */
  setProfile(profile: object): Promise<GraphResult>;
  /** `DELETE /me/messenger_profile` with `{fields}`: removes profile properties (ice breakers). */
  deleteProfileFields(fields: string[]): Promise<GraphResult>;
}

export interface GraphClientDeps {
  config: Pick<MessengerSettings, 'pageAccessToken' | 'appSecret' | 'graphApiUrl' | 'graphApiVersion'>;
  logger: Logger;
  /** Called once per failed call (after retries), for metrics. */
  onFailure?(failure: GraphFailure): void;
  retry?: RetryOptions;
}

/** Builds the client; the base URL is `{FB_GRAPH_API_URL}/{FB_GRAPH_API_VERSION}`. */
export function createGraphClient(deps: GraphClientDeps): GraphClient {
  const { config, logger } = deps;
  const opts = deps.retry ?? {};
  const attempts = Math.max(1, opts.attempts ?? 3);
  const baseDelay = opts.baseDelayMs ?? 500;
  const throttleDelay = opts.throttleDelayMs ?? 2_000;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  const wait = opts.sleep ?? sleep;
  const random = opts.random ?? Math.random;
  const http: AxiosInstance = axios.create({
    baseURL: `${config.graphApiUrl}/${config.graphApiVersion}`,
    timeout: opts.timeoutMs ?? 10_000,
    params: { access_token: config.pageAccessToken, appsecret_proof: appSecretProof(config.pageAccessToken, config.appSecret) },
    headers: { 'content-type': 'application/json' },
    validateStatus: () => true,
    maxRedirects: 0,
    ...keepAliveAgents(),
  });

  /** One HTTP call: the response data, or a classified failure plus the throttle hint. */
  async function once(method: 'post' | 'delete', path: string, body: unknown): Promise<{ data: unknown } | { failure: GraphFailure; regainMs: number }> {
    try {
      const res = await http.request({ method, url: path, data: body });
      if (res.status >= 200 && res.status < 300) return { data: res.data };
      const parsed = graphErrorSchema.safeParse(res.data);
      const error = parsed.success ? parsed.data.error : undefined;
      const failure = classifyGraphError(res.status, error?.code, error?.error_subcode);
      logger.warn({ path, status: res.status, code: failure.code, fbtrace_id: error?.fbtrace_id }, 'Graph API call failed');
      return { failure, regainMs: regainMinutes(res.headers['x-business-use-case-usage']) * 60_000 };
    } catch (err) {
      const code = (err as { code?: string }).code;
      logger.warn({ path, code: code ?? 'unknown' }, 'Graph API network error');
      return { failure: networkFailure(code), regainMs: 0 };
    }
  }

  /** Backoff before retry number `n` (1-based): doubling, with equal jitter. */
  function delay(failure: GraphFailure, n: number, regainMs: number): number {
    const base = (failure.retry === 'throttled' ? throttleDelay : baseDelay) * 2 ** (n - 1);
    return Math.max(regainMs, Math.round(base / 2 + random() * (base / 2)));
  }

  async function call(path: string, body: unknown, method: 'post' | 'delete' = 'post'): Promise<GraphResult> {
    for (let n = 1; ; n += 1) {
      const result = await once(method, path, body);
      if ('data' in result) return { ok: true, data: result.data, attempts: n };
      const { failure } = result;
      const pause = failure.retry === 'none' ? Infinity : delay(failure, n, result.regainMs);
      if (n >= attempts || pause > maxDelay) {
        if (failure.tokenInvalid) {
          logger.error({ path, code: failure.code }, 'Messenger rejected the page access token (code 190): renew FB_PAGE_ACCESS_TOKEN');
        }
        deps.onFailure?.(failure);
        return { ok: false, attempts: n, ...failure };
      }
      await wait(pause);
    }
  }

  return {
    sendMessage: (body) => call('/me/messages', body),
    setProfile: (profile) => call('/me/messenger_profile', profile),
    deleteProfileFields: (fields) => call('/me/messenger_profile', { fields }, 'delete'),
  };
}
