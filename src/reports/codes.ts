/** Report codes (`TG-` + 6 characters) and secret lookup keys, from an alphabet without look-alikes. */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function randomString(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** A new report code such as `TG-7K3M9Q`. */
export const newReportCode = () => `TG-${randomString(6)}`;

/** A secret lookup key (10 characters, about 50 bits), shown once to the reporter. */
export const newLookupKey = () => randomString(10);

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
