/**
 * Messenger authenticity checks, as pure functions: the `X-Hub-Signature-256` of a webhook POST
 * (HMAC-SHA256 of the raw body bytes, keyed with the app secret), the GET subscription handshake,
 * and the `appsecret_proof` that goes with every Graph API call.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How a signature check ended; `missing` and `malformed`/`mismatch` map to 401 and 403. */
export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'mismatch';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>` against the exact body bytes. Meta signs the payload as
 * sent (non-ASCII escaped as `\uXXXX`), so never pass a re-serialised body. Constant time.
 */
export function checkSignature(appSecret: string, rawBody: Buffer, header: string | string[] | undefined): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  const match = typeof header === 'string' ? SIGNATURE.exec(header.trim()) : null;
  if (!match) return 'malformed';
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'mismatch';
}

/** Compares two strings in constant time (after a length check that leaks only the length). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The GET handshake: returns the challenge to echo when `hub.mode=subscribe` and `hub.verify_token`
 * equals the configured token, or undefined (answer 403).
 */
export function subscriptionChallenge(query: Record<string, unknown>, verifyToken: string): string | undefined {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return undefined;
  return safeEqual(token, verifyToken) ? challenge : undefined;
}

/** `appsecret_proof`: hex HMAC-SHA256 of the access token, keyed with the app secret. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken, 'utf8').digest('hex');
}
