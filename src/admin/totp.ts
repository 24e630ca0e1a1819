/** Time-based one-time passwords (RFC 6238, 6 digits, 30 s) with otpauth; secrets are stored sealed. */
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'ANTQ KCN';
const PERIOD = 30;

function totpFor(username: string, base32: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, secret: Secret.fromBase32(base32), digits: 6, period: PERIOD });
}

/** A fresh random secret (160 bits) and its `otpauth://` URI for an authenticator app. */
export function newTotpSecret(username: string): { base32: string; uri: string } {
  const base32 = new Secret({ size: 20 }).base32;
  return { base32, uri: totpFor(username, base32).toString() };
}

/**
 * Checks a code, accepting the previous and next 30 s step for clock drift. Returns the matched
 * time step (to refuse a replay of the same code) or undefined when the code is wrong.
 */
export function checkTotp(username: string, base32: string, token: string, now = Date.now()): number | undefined {
  const delta = totpFor(username, base32).validate({ token, timestamp: now, window: 1 });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD) + delta;
}

/** The current code for a secret (the CLI prints nothing of this; tests log in with it). */
export function currentTotp(username: string, base32: string, now = Date.now()): string {
  return totpFor(username, base32).generate({ timestamp: now });
}
