/**
 * Replay protection for signed webhooks. A signature proves who sent an event, not when: a captured
 * delivery can be posted again, signature and all. The platforms redeliver a failed event for a few
 * hours at most (Zalo about two, Meta about one to eight), so a signed event whose own timestamp is
 * older than `WEBHOOK_MAX_AGE_HOURS` (default 6) is a replay or a stale retry: it is acknowledged (so the
 * platform stops) and dropped, without a turn. The seen-message marks of the intake live longer than
 * that window (`seenTtlSeconds`), so an event young enough to pass is also young enough to be known.
 */

/** True when an event stamped `at` is older than `maxAgeMs` at `now`. An event from the future is not old. */
export function tooOld(at: Date, now: Date, maxAgeMs: number): boolean {
  return now.getTime() - at.getTime() > maxAgeMs;
}

/** How long the intake keeps a message's seen mark: two days, and always at least twice the replay window. */
export function seenTtlSeconds(maxAgeMs: number): number {
  return Math.max(48 * 3600, Math.ceil((2 * maxAgeMs) / 1000));
}
