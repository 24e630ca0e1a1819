/** Report codes (`TG-` + 6 characters) and secret lookup keys, from an alphabet without look-alikes. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomCode } from '../lib/codes.js';

/** A new report code such as `TG-7K3M9Q`. */
export const newReportCode = () => `TG-${randomCode(6)}`;

/** A secret lookup key (10 characters, about 50 bits), shown once to the reporter. */
export const newLookupKey = () => randomCode(10);

/** The stored form of a lookup key: an HMAC bound to the report code. */
export function hashLookupKey(secret: Buffer, code: string, key: string): string {
  return createHmac('sha256', secret).update(`lookup:${code}:${key.trim().toUpperCase()}`).digest('hex');
}

/** Constant-time comparison of a typed key against the stored hash. */
export function lookupKeyMatches(secret: Buffer, code: string, key: string, stored: string): boolean {
  const a = Buffer.from(hashLookupKey(secret, code, key), 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The reporter token stored on a report: an HMAC of the code and the reporter's report pseudonym. It
 * lets the bot check that an answer comes from the report's own reporter, and differs on every report,
 * so two reports of one person (or a report and anything else they did) share no stored value.
 */
export function reporterToken(secret: Buffer, code: string, reporter: string): string {
  return createHmac('sha256', secret).update(`reporter:${code}:${reporter}`).digest('base64url');
}

/** Constant-time check that `reporter` (a report pseudonym) is the one the report's token was made for. */
export function reporterTokenMatches(secret: Buffer, code: string, reporter: string, stored: string | undefined): boolean {
  if (!stored) return false;
  const a = Buffer.from(reporterToken(secret, code, reporter));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
