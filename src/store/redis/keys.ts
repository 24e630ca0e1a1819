/**
 * Every Redis key comes from here: `<prefix>:<entity>:<id>`. Keys that belong to one user share the
 * hash tag `{u:<userKey>}` so multi-key operations on them stay in one Redis Cluster slot.
 * No key ever contains a raw platform id: user keys are HMAC pseudonyms.
 */
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
    /** The replies of the turn of intake entry `id`, until delivered (see TurnRecord). */
    turn: (userKey: string, id: string) => `${user(userKey)}:turn:${id}`,
  };
}
