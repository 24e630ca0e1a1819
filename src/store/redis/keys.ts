/**
 * Every Redis key comes from here: `<prefix>:<entity>:<id>`. Keys that belong to one user share the
 * hash tag `{u:<userKey>}` so multi-key operations on them stay in one Redis Cluster slot.
 * No key ever contains a raw platform id: user keys are HMAC pseudonyms, message ids are hashed.
 */
import { createHash } from 'node:crypto';

export type Keys = ReturnType<typeof createKeys>;

/** Builds the key functions for one prefix (tests use their own prefix). */
export function createKeys(prefix: string) {
  const user = (userKey: string) => `${prefix}:{u:${userKey}}`;
  return {
    prefix,
    session: (userKey: string) => `${user(userKey)}:session`,
    prefs: (userKey: string) => `${user(userKey)}:prefs`,
    lock: (userKey: string) => `${user(userKey)}:lock`,
    seen: (userKey: string) => `${user(userKey)}:seen`,
    inbox: (userKey: string) => `${user(userKey)}:inbox`,
    /** Message ids are hashed too: on some platforms they embed the user id. */
    dedupe: (channel: string, messageId: string) =>
      `${prefix}:dedupe:${channel}:${createHash('sha256').update(messageId).digest('base64url').slice(0, 32)}`,
  };
}
