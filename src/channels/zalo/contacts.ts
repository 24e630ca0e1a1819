/**
 * How the bot can reach a Zalo user later: the address (`sealAddress`, AES-256-GCM) under the user's
 * pseudonymous key, with the last interaction time. It lives as long as Zalo's 7-day messaging
 * window, an unfollow deletes it, and a send that Zalo refuses for good marks it.
 */
import { pseudonymize, sealAddress } from '../../lib/crypto.js';
import type { ZaloContactStore } from './ports.js';

/** Zalo lets an OA write to a user for 7 days after the user's last interaction. */
export const CONTACT_TTL_SECONDS = 7 * 24 * 3600;

export interface ZaloContacts {
  /** Records an interaction: (re)stores the sealed address, clears an undeliverable mark, restarts the 7-day TTL. */
  touch(userId: string, at: Date): Promise<void>;
  /** Forgets the user (unfollow): nothing is kept to write to them. */
  forget(userId: string): Promise<void>;
  /** Notes that Zalo refused a send for good (`code` is Zalo's error number). */
  markUndeliverable(userId: string, code: string): Promise<void>;
}

/** Builds the contacts over their store (ports.ts); store failures propagate (STORE_UNAVAILABLE). */
export function createZaloContacts(deps: { store: ZaloContactStore; secrets: { pseudonym: Buffer; encryption: Buffer } }): ZaloContacts {
  const keyOf = (userId: string) => pseudonymize(deps.secrets.pseudonym, 'zalo', userId);
  return {
    touch: (userId, at) => deps.store.touch(keyOf(userId), sealAddress(deps.secrets.encryption, 'zalo', userId), at, CONTACT_TTL_SECONDS),
    forget: (userId) => deps.store.forget(keyOf(userId)),
    markUndeliverable: (userId, code) => deps.store.markUndeliverable(keyOf(userId), code, new Date()),
  };
}
