/**
 * The login decision: lock-out first, then the password (an argon2id verification even for unknown
 * users, so timing tells nothing), then TOTP when the account has it or every account must.
 */
import { totpRequired } from './access.js';
import type { AdminContext } from './context.js';
import { verifyPassword } from './passwords.js';
import { checkTotp } from './totp.js';
import type { Account, Result } from './types.js';

/** Why a login was refused (`locked` answers 429, the others 401). */
export type LoginError = 'locked' | 'invalid_credentials' | 'totp_required' | 'totp_invalid' | 'totp_not_enrolled';

/** A validated login request and the client address. */
export interface LoginAttempt {
  username: string;
  password: string;
  totp?: string;
  ip: string;
}

/**
 * Outcome of a login attempt; `retryAfter` (seconds) accompanies `locked`, and `lockedNow` marks the
 * attempt that locked its (account, address) pair.
 */
export type LoginOutcome = Result<Account, LoginError> & { retryAfter?: number; lockedNow?: boolean; knownUser?: boolean };

async function secondFactor(ctx: AdminContext, account: Account, totp?: string): Promise<LoginError | undefined> {
  const secret = ctx.staff.totpSecret(account);
  if (!secret) return totpRequired(ctx.totp, account.role) ? 'totp_not_enrolled' : undefined;
  if (!totp) return 'totp_required';
  const step = checkTotp(account.username, secret, totp);
  if (step === undefined) return 'totp_invalid';
  return (await ctx.marks.firstTotpUse(account.username, step, 120)) ? undefined : 'totp_invalid';
}

/** Decides a login. Every attempt is counted before the password is checked; a missing TOTP code is given back. */
export async function attemptLogin(ctx: AdminContext, attempt: LoginAttempt): Promise<LoginOutcome> {
  const { retryAfter, lockedNow } = await ctx.lockout.reserve(attempt.username, attempt.ip);
  if (retryAfter > 0) return { ok: false, error: 'locked', retryAfter, lockedNow, knownUser: (await ctx.staff.get(attempt.username)) !== undefined };
  const found = await ctx.staff.get(attempt.username);
  const passwordOk = await verifyPassword(found?.passwordHash, attempt.password);
  const account = passwordOk && found && !found.disabled ? found : undefined;
  if (!account) return { ok: false, error: 'invalid_credentials', knownUser: found !== undefined };
  const second = await secondFactor(ctx, account, attempt.totp);
  if (second) {
    if (second !== 'totp_invalid') await ctx.lockout.refund(attempt.username, attempt.ip);
    return { ok: false, error: second, knownUser: true };
  }
  await ctx.lockout.succeed(attempt.username, attempt.ip);
  return { ok: true, value: account };
}
