/**
 * Guards for `/api/admin/*`: a valid session cookie (401 otherwise), the session's CSRF token on
 * every state-changing request (403 otherwise), and role checks (403).
 */
import type { RequestHandler } from 'express';
import type { AdminContext } from './context.js';
import { currentStaff } from './context.js';
import { sendError } from '../lib/responses.js';
import { readCookie, safeEqual } from './sessions.js';
import type { StaffIdentity, StaffSession } from './types.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Loads the session and, on every request, the account behind it: a disabled account, a reset
 * password or a new TOTP enrolment ends older sessions at once.
 */
export function requireStaff(ctx: AdminContext): RequestHandler {
  return async (req, res, next) => {
    const session = await ctx.sessions.open(readCookie(req.headers.cookie, ctx.cookie.name));
    const account = session ? await ctx.staff.get(session.record.username) : undefined;
    if (!session || !account || account.disabled || session.record.createdAt < account.sessionsValidAfter) {
      if (session) await ctx.sessions.destroy(session.id);
      sendError(res, 401, 'unauthenticated', 'log in first');
      return;
    }
    const staff: StaffSession = {
      username: account.username,
      role: account.role,
      kcns: account.kcns,
      sessionId: session.id,
      csrfToken: session.record.csrf,
    };
    res.locals.staff = staff;
    next();
  };
}

/** Refuses a state-changing request whose `X-CSRF-Token` header is not the session's token. */
export const requireCsrf: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const given = req.get('x-csrf-token');
  if (!given || !safeEqual(given, currentStaff(res).csrfToken)) {
    sendError(res, 403, 'csrf_invalid', 'missing or wrong X-CSRF-Token header');
    return;
  }
  next();
};

/** Lets the request through only when `allowed(staff)` holds; 403 otherwise. */
export function requireRole(allowed: (staff: StaffIdentity) => boolean): RequestHandler {
  return (_req, res, next) => {
    if (allowed(currentStaff(res))) return next();
    sendError(res, 403, 'forbidden', 'your role may not do this');
  };
}
