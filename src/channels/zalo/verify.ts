/**
 * Webhook authentication for the Zalo OA: `X-ZEvent-Signature: mac=<hex>` where
 * `mac = SHA-256(app_id + raw body + timestamp + OA secret key)` — a plain hash, not an HMAC.
 * Checked over the exact body bytes, in constant time, before anything else reads the event.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { tryParseJson } from '../../lib/json.js';

/** Why a webhook was refused; each reason is a label of `zalo_webhook_rejected_total`. */
export type RejectReason = 'missing_signature' | 'bad_signature' | 'wrong_app' | 'malformed';

/** The outcome of a check: the parsed JSON body when the signature holds. */
export type VerifyResult = { ok: true; body: Record<string, unknown> } | { ok: false; reason: RejectReason };

export interface VerifyInput {
  /** Our app id (ZALO_APP_ID), the first term of the MAC. */
  appId: string;
  /** The OA secret key from the app's Webhook page (ZALO_OA_SECRET_KEY), not the app secret. */
  oaSecretKey: string;
  /** The exact request body bytes. */
  rawBody: Buffer | undefined;
  /** `rawBody` already parsed as JSON (http.ts does it once for every webhook), or undefined to parse it here. */
  parsed?: unknown;
  /** The `X-ZEvent-Signature` header as received. */
  signature: string | string[] | undefined;
}

/** The hex MAC Zalo computes for a body: `sha256(appId + rawBody + timestamp + oaSecretKey)`. */
export function zaloMac(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId, 'utf8').update(rawBody).update(timestamp, 'utf8').update(oaSecretKey, 'utf8').digest('hex');
}

/** The hex part of the header: `mac=<hex>` or a bare hex value; undefined when absent or not hex. */
function given(signature: VerifyInput['signature']): string | undefined {
  const value = Array.isArray(signature) ? signature[0] : signature;
  const hex = value?.trim().replace(/^mac=/i, '').toLowerCase();
  return hex && /^[0-9a-f]+$/.test(hex) ? hex : undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Verifies one delivery. The timestamp term is the body's `timestamp` field as written; a body that
 * is not a JSON object cannot be verified and is refused like a bad signature would be. A body that
 * is signed but names another app is refused too (`wrong_app`).
 */
export function verifyZaloWebhook(input: VerifyInput): VerifyResult {
  const mac = given(input.signature);
  if (!mac) return { ok: false, reason: 'missing_signature' };
  const body =
    !input.rawBody || input.rawBody.length === 0
      ? undefined
      : asObject(input.parsed !== undefined ? input.parsed : tryParseJson(input.rawBody.toString('utf8')));
  const timestamp = body?.timestamp;
  if (!input.rawBody || !body || (typeof timestamp !== 'string' && typeof timestamp !== 'number')) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(zaloMac(input.appId, input.rawBody, String(timestamp), input.oaSecretKey), 'utf8');
  const actual = Buffer.from(mac, 'utf8');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'bad_signature' };
  if (String(body.app_id ?? '') !== input.appId) return { ok: false, reason: 'wrong_app' };
  return { ok: true, body };
}
