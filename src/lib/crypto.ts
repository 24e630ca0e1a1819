/**
 * Keys derived from APP_SECRET with HKDF, a keyed pseudonym for platform ids, and AES-256-GCM
 * sealing for the few values that must be recovered later (for example an id to send to).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Purpose-bound keys; one master secret never keys two purposes. */
export interface DerivedKeys {
  /** HMAC key for pseudonyms of platform user ids. */
  pseudonym: Buffer;
  /** AES-256-GCM key for stored values that must be recovered. */
  encryption: Buffer;
  /** Key for signing cookies and CSRF tokens. */
  cookie: Buffer;
}

const SALT = Buffer.from('antq-bot/v1');

/**
 * A fresh random 96-bit GCM nonce, cut from CSPRNG bytes drawn 4 KB at a time (one system call per
 * 341 nonces instead of one each: sealing is on the webhook path). Each pool is used once.
 */
let noncePool = Buffer.alloc(0);
let nonceAt = 0;
function nonce(): Buffer {
  if (nonceAt + 12 > noncePool.length) {
    noncePool = randomBytes(4092);
    nonceAt = 0;
  }
  nonceAt += 12;
  return noncePool.subarray(nonceAt - 12, nonceAt);
}

function derive(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), SALT, Buffer.from(info, 'utf8'), 32));
}

/** Derives every purpose key from the master secret. */
export function deriveKeys(appSecret: string): DerivedKeys {
  return {
    pseudonym: derive(appSecret, 'pseudonym'),
    encryption: derive(appSecret, 'encryption'),
    cookie: derive(appSecret, 'cookie'),
  };
}

/** A stable, non-reversible key for a user on a channel: HMAC-SHA256(channel + ":" + id), base64url. */
export function pseudonymize(key: Buffer, channel: string, platformId: string): string {
  return createHmac('sha256', key).update(`${channel}:${platformId}`, 'utf8').digest('base64url');
}

/** Encrypts text with AES-256-GCM; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function seal(key: Buffer, plaintext: string): string {
  const iv = nonce();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Decrypts a value made by `seal`; throws when it was tampered with or made with another key. */
export function unseal(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** Where a reply must go later: the channel and the platform's user id. Stored only sealed. */
export interface Address {
  channel: string;
  id: string;
}

/** Seals an address for storage (for example on a report, so an officer's question reaches the reporter). */
export function sealAddress(key: Buffer, channel: string, id: string): string {
  return seal(key, JSON.stringify({ channel, id }));
}

/** Opens a sealed address; throws when it was tampered with. */
export function openAddress(key: Buffer, sealed: string): Address {
  const value = JSON.parse(unseal(key, sealed)) as Partial<Address>;
  if (typeof value.channel !== 'string' || typeof value.id !== 'string') throw new Error('not an address');
  return { channel: value.channel, id: value.id };
}
