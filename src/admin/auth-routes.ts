/**
 * `POST /api/admin/login` `{username, password, totp?}` → 200 `{csrfToken, username, role, kcns}`
 * and a session cookie (httpOnly, SameSite=Strict, Secure in production); 401 on bad credentials
 * (the same answer for an unknown user and a wrong password); 429 while the account is locked from this
 * address or the address is locked (audited; the attempt that locks an account tells its owner).
 * `POST /api/admin/logout` ends the session; `GET /api/admin/me` tells the page who is signed in.
 */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { AdminContext } from './context.js';
import { currentStaff } from './context.js';
import { parseOr400, sendError } from '../lib/responses.js';
import { attemptLogin, type LoginError } from './login.js';
import { PASSWORD_MAX } from './types.js';

const loginBody = z.object({
  username: z.string({ error: 'is required' }).trim().toLowerCase().min(1, 'is required').max(64, 'is too long'),
  password: z.string({ error: 'is required' }).min(1, 'is required').max(PASSWORD_MAX, 'is too long'),
  totp: z
    .string({ error: 'must be a string' })
    .trim()
    .regex(/^(\d{6})?$/, 'must be 6 digits')
    .optional()
    .transform((v) => v || undefined),
});

const LOGIN_ERRORS: Record<Exclude<LoginError, 'locked'>, string> = {
  invalid_credentials: 'wrong username or password',
  totp_required: 'enter the 6-digit code from your authenticator app',
  totp_invalid: 'wrong or already used authenticator code',
  totp_not_enrolled: 'two-factor authentication is required: ask an administrator to enrol your account',
};

function sendLoginError(res: Response, error: LoginError, retryAfter = 0): void {
  if (error === 'locked') {
    res.set('Retry-After', String(retryAfter));
    const minutes = Math.ceil(retryAfter / 60);
    sendError(res, 429, 'locked', `too many failed logins: try again in ${minutes} minute(s)`, { retryAfter });
    return;
  }
  sendError(res, 401, error, LOGIN_ERRORS[error]);
}

/** Public login route (mounted before the session guard). */
export function createLoginRoute(ctx: AdminContext): Router {
  const router = express.Router();
  router.post('/api/admin/login', async (req, res) => {
    const body = parseOr400(loginBody, req.body, res);
    if (!body) return;
    const ip = req.ip ?? 'unknown';
    const outcome = await attemptLogin(ctx, { ...body, ip });
    if (!outcome.ok) {
      const actor = outcome.knownUser ? body.username : '(unknown)';
      if (outcome.error === 'locked') {
        await ctx.audit.append({ actor, action: 'login_locked', detail: `${outcome.retryAfter ?? 0} s · ${ip}` });
        if (outcome.lockedNow && outcome.knownUser) await ctx.tellLocked(body.username, outcome.retryAfter ?? 0);
      } else if (outcome.error !== 'totp_required') {
        await ctx.audit.append({ actor, action: 'login_failed', detail: `${outcome.error} · ${ip}` });
        ctx.logger.info({ reason: outcome.error }, 'staff login failed');
      }
      return sendLoginError(res, outcome.error, outcome.retryAfter);
    }
    const account = outcome.value;
    const { cookie, csrfToken } = await ctx.sessions.create(account.username);
    res.cookie(ctx.cookie.name, cookie, { httpOnly: true, sameSite: 'strict', secure: ctx.cookie.secure, path: '/' });
    res.set('Cache-Control', 'no-store');
    await ctx.audit.append({ actor: account.username, action: 'login', detail: ip });
    ctx.logger.info({ staff: account.username }, 'staff login');
    res.json({ csrfToken, username: account.username, role: account.role, kcns: account.kcns });
  });
  return router;
}

/** Routes behind the session guard: logout and who-am-I. */
export function createSessionRoutes(ctx: AdminContext): Router {
  const router = express.Router();
  router.post('/api/admin/logout', async (_req, res) => {
    const staff = currentStaff(res);
    await ctx.sessions.destroy(staff.sessionId);
    await ctx.audit.append({ actor: staff.username, action: 'logout' });
    res.clearCookie(ctx.cookie.name, { httpOnly: true, sameSite: 'strict', secure: ctx.cookie.secure, path: '/' });
    res.json({ ok: true });
  });
  router.get('/api/admin/me', async (_req, res) => {
    const staff = currentStaff(res);
    res.set('Cache-Control', 'no-store');
    const alertsLinked = await ctx.alerts.isLinked(staff.username);
    res.json({ username: staff.username, role: staff.role, kcns: staff.kcns, csrfToken: staff.csrfToken, alertsLinked });
  });
  return router;
}
