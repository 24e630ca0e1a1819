/**
 * How the bot can reach a Zalo user later: the address (`sealAddress`, AES-256-GCM) under the user's
 * pseudonymous key, with the last interaction time. It lives as long as Zalo's 7-day messaging
 * window, an unfollow deletes it, and a send that Zalo refuses for good marks it.
 */
import { pseudonymize, sealAddress } from '../../lib/crypto.js';
import { guard, type Redis } from '../../store/redis/client.js';
import { runScript } from '../../store/redis/script.js';
import type { ZaloKeys } from '../../store/redis/zalo-keys.js';

/** Zalo lets an OA write to a user for 7 days after the user's last interaction. */
export const CONTACT_TTL_SECONDS = 7 * 24 * 3600;

/**
 * KEYS[1] contact key; ARGV[1] error code; ARGV[2] epoch ms.
 * Marks an existing contact undeliverable; returns 1 when marked, 0 when there was no contact.
 */
const MARK = `if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'undeliverable', ARGV[1], 'undeliverableAt', ARGV[2])
  return 1
end
return 0`;

/**
 * KEYS[1] contact key; ARGV[1] sealed address; ARGV[2] epoch ms; ARGV[3] TTL s. Records an interaction
 * in one command (it runs before every Zalo acknowledgement).
 */
const TOUCH = `redis.call('HSET', KEYS[1], 'address', ARGV[1], 'lastInteraction', ARGV[2])
redis.call('HDEL', KEYS[1], 'undeliverable', 'undeliverableAt')
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

export interface ZaloContacts {
  /** Records an interaction: (re)stores the sealed address, clears an undeliverable mark, restarts the 7-day TTL. */
  touch(userId: string, at: Date): Promise<void>;
  /** Forgets the user (unfollow): nothing is kept to write to them. */
  forget(userId: string): Promise<void>;
  /** Notes that Zalo refused a send for good (`code` is Zalo's error number). */
  markUndeliverable(userId: string, code: string): Promise<void>;
}

/** Builds the contact store; Redis failures propagate as STORE_UNAVAILABLE. */
export function createZaloContacts(deps: { redis: Redis; keys: ZaloKeys; secrets: { pseudonym: Buffer; encryption: Buffer } }): ZaloContacts {
  const keyOf = (userId: string) => deps.keys.contact(pseudonymize(deps.secrets.pseudonym, 'zalo', userId));
  return {
    async touch(userId, at) {
      const address = sealAddress(deps.secrets.encryption, 'zalo', userId);
      await guard(() => runScript(deps.redis, TOUCH, [keyOf(userId)], [address, at.getTime(), CONTACT_TTL_SECONDS]));
    },
    async forget(userId) {
      await guard(() => deps.redis.del(keyOf(userId)));
    },
    async markUndeliverable(userId, code) {
      await guard(() => deps.redis.eval(MARK, 1, keyOf(userId), code, String(Date.now())));
    },
  };
}
