/**
 * Classifies Graph API failures in one place. Throttling usually comes back as HTTP 400, so the
 * decision reads the error `code`/`error_subcode`, and only falls back to the HTTP status.
 */

/** What to do about a failed call. */
export interface GraphFailure {
  /** `undeliverable`: this user cannot be reached now (no retry); `failed`: anything else. */
  reason: 'undeliverable' | 'failed';
  /** `none`: give up; `soon`: transient, retry with backoff; `throttled`: rate limited, back off longer. */
  retry: 'none' | 'soon' | 'throttled';
  /** Stable code for logs and metrics: `190`, `10/2018278`, `http_503`, `network`... Never user data. */
  code: string;
  /** The page token is invalid or expired (190): an operator must renew it. */
  tokenInvalid?: boolean;
}

/** Outside the window, blocked, unknown to this page: the user cannot receive a message now. */
const UNDELIVERABLE = new Set(['10/2018278', '10/2018065', '10/2018108', '100/2018001', '200/1545041', '551', '230']);
/** Rate limits: app, user, page, custom (Send API), Messenger business use case. */
const THROTTLED = new Set([4, 17, 32, 613, 80006]);
/** Temporary failures: unknown error, service unavailable, temporary send failure. */
const TRANSIENT = new Set([1, 2, 1200]);

/** Classifies a Graph error by HTTP status and its `error.code` / `error_subcode`. */
export function classifyGraphError(status: number, code?: number, subcode?: number): GraphFailure {
  if (code === undefined) {
    const retry = status >= 500 || status === 429 ? (status === 429 ? 'throttled' : 'soon') : 'none';
    return { reason: 'failed', retry, code: `http_${status}` };
  }
  const full = subcode === undefined ? String(code) : `${code}/${subcode}`;
  if (code === 190) return { reason: 'failed', retry: 'none', code: full, tokenInvalid: true };
  if (UNDELIVERABLE.has(full) || UNDELIVERABLE.has(String(code))) return { reason: 'undeliverable', retry: 'none', code: full };
  if (THROTTLED.has(code)) return { reason: 'failed', retry: 'throttled', code: full };
  if (TRANSIENT.has(code) || status >= 500) return { reason: 'failed', retry: 'soon', code: full };
  return { reason: 'failed', retry: 'none', code: full };
}

/** A network failure (timeout, reset, refused): transient. */
export function networkFailure(errCode: string | undefined): GraphFailure {
  return { reason: 'failed', retry: 'soon', code: errCode ? `network_${errCode.toLowerCase()}` : 'network' };
}

/**
 * Minutes until a throttled page may call again, from `X-Business-Use-Case-Usage`
 * (`{"<page-id>": [{"estimated_time_to_regain_access": 5, ...}]}`), or 0 when absent or unreadable.
 */
export function regainMinutes(header: unknown): number {
  if (typeof header !== 'string' || header === '') return 0;
  try {
    const usage = JSON.parse(header) as Record<string, { estimated_time_to_regain_access?: unknown }[]>;
    const minutes = Object.values(usage)
      .flat()
      .map((u) => Number(u?.estimated_time_to_regain_access ?? 0));
    return Math.max(0, ...minutes.filter(Number.isFinite));
  } catch {
    return 0;
  }
}
