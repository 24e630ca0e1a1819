// The dashboard's calls to the pinned JSON API. State-changing calls carry X-CSRF-Token.
import { t } from './dom.js';

const session = { csrfToken: '', me: undefined, onLoggedOut: () => {} };

/** The signed-in staff member ({username, role, kcns, alertsLinked}) or undefined. */
export const state = session;

/** The dashboard text for an API error body ({error: {code, retryAfter}}). */
export function errorText(body, status) {
  const code = body?.error?.code;
  if (code === 'locked') return t('errors.locked', { minutes: Math.max(1, Math.ceil((body.error.retryAfter ?? 60) / 60)) });
  if (code && t(`errors.${code}`) !== `errors.${code}`) return t(`errors.${code}`);
  return status >= 500 ? t('errors.internal') : t('errors.invalid_request');
}

/**
 * Calls the API; resolves to {ok, status, body}. A 401 on anything but login means the session
 * ended: the page goes back to the login form. `extra`: more headers (If-Match).
 */
export async function api(method, path, body, extra = {}) {
  const headers = { Accept: 'application/json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = session.csrfToken;
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, body: { error: { code: 'network' } } };
  }
  const parsed = await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/api/admin/login') session.onLoggedOut();
  return { ok: res.ok, status: res.status, body: parsed };
}

/** Loads who is signed in (after a reload); false when nobody is. */
export async function loadMe() {
  const res = await api('GET', '/api/admin/me');
  if (!res.ok) return false;
  session.csrfToken = res.body.csrfToken;
  session.me = res.body;
  return true;
}
