/**
 * Redis keys of the Zalo channel, next to `keys.ts` and in the same `<prefix>:<entity>:<id>` shape.
 * The contact key shares the user's hash tag `{u:<userKey>}`; no key holds a raw Zalo id.
 */
import type { Keys } from './keys.js';

export type ZaloKeys = ReturnType<typeof createZaloKeys>;

/** Builds the Zalo key functions on top of the bot's key builder (same prefix). */
export function createZaloKeys(keys: Pick<Keys, 'prefix'>) {
  return {
    /** The OA token pair (sealed) and its status, as one versioned JSON value. */
    tokens: `${keys.prefix}:zalo:tokens`,
    /** Lock name for the token refresh; passed to the user lock, which builds the final key. */
    refreshLock: 'zalo-oa-token-refresh',
    /** What the bot keeps to reach one user later: the sealed Zalo id and the last interaction. */
    contact: (userKey: string) => `${keys.prefix}:{u:${userKey}}:zalo`,
  };
}
