/**
 * Keys derived from APP_SECRET with HKDF, a keyed pseudonym for platform ids, and AES-256-GCM
 * sealing for the few values that must be recovered later (for example an id to send to).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Features that keep records about a person, each under a pseudonym of its own (`featurePseudonym`):
 * a report's records and a sign-up's records by the same person share no value.
 */
export const FEATURES = ['report', 'signup'] as const;
/** One feature with its own pseudonyms. */
export type Feature = (typeof FEATURES)[number];

/** Purpose-bound keys; one master secret never keys two purposes. */
export interface DerivedKeys {
  /** HMAC key for pseudonyms of platform user ids (the session pseudonym). */
  pseudonym: Buffer;
  /** HMAC keys of the per-feature pseudonyms, each derived under its own label (`pseudonym:<feature>`). */
  features: Readonly<Record<Feature, Buffer>>;
  /** HMAC key of per-report reporter tokens (see `reporterToken` in reports/codes.ts). */
  reporterToken: Buffer;
  /** AES-256-GCM key for stored values that must be recovered. */
  encryption: Buffer;
  /** Key for signing cookies and CSRF tokens. */
  cookie: Buffer;
  /** HMAC key of the statistics' day-bound user pseudonyms (counted in HyperLogLogs; they link to nothing else). */
  stats: Buffer;
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
    features: Object.fromEntries(FEATURES.map((f) => [f, derive(appSecret, `pseudonym:${f}`)])) as Record<Feature, Buffer>,
    reporterToken: derive(appSecret, 'reporter-token'),
    encryption: derive(appSecret, 'encryption'),
    cookie: derive(appSecret, 'cookie'),
    stats: derive(appSecret, 'stats'),
  };
}

/** A stable, non-reversible key for a user on a channel: HMAC-SHA256(channel + ":" + id), base64url. */
export function pseudonymize(key: Buffer, channel: string, platformId: string): string {
  return createHmac('sha256', key).update(`${channel}:${platformId}`, 'utf8').digest('base64url');
}

/** True for the name of a feature with its own pseudonyms. */
export const isFeature = (name: string): name is Feature => (FEATURES as readonly string[]).includes(name);

/**
 * A user's pseudonym for one feature: HMAC-SHA256 of the session pseudonym under the feature's own key,
 * base64url. Without APP_SECRET nobody can tell that two features' pseudonyms belong to one person;
 * with a session pseudonym in hand (a turn), the bot finds that person's records of any feature.
 */
export function featurePseudonym(keys: Pick<DerivedKeys, 'features'>, feature: Feature, userKey: string): string {
  return createHmac('sha256', keys.features[feature]).update(userKey, 'utf8').digest('base64url');
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

/**
 * `pseudonymFor(feature, userKey)` as the engine hands it to effects: the user's pseudonym for one
 * feature; a feature with no key of its own is a programming error (it throws).
 */
export function featurePseudonyms(keys: Pick<DerivedKeys, 'features'>): (feature: string, userKey: string) => string {
  return (feature, userKey) => {
    if (!isFeature(feature)) throw new Error(`no pseudonyms for feature ${feature}`);
    return featurePseudonym(keys, feature, userKey);
  };
}
