/**
 * Each platform's rule for messages the user did not just ask for. Messenger: only within 24 hours
 * of the user's last message, with no tag (the update tags were retired in 2026). Zalo: CS messages
 * up to 7 days after the last interaction (free for the first 48 h). Other channels cannot receive.
 */

/** How long after the user's last message a broadcast may reach them, by channel. */
export interface WindowRules {
  messengerHours: number;
  zaloHours: number;
}

export const DEFAULT_WINDOWS: WindowRules = { messengerHours: 24, zaloHours: 7 * 24 };

/** True when a broadcast may go to a user of `channel` who last wrote at `lastSeen`. */
export function windowOpen(channel: string, lastSeen: Date | undefined, now: Date, rules: WindowRules = DEFAULT_WINDOWS): boolean {
  if (!lastSeen) return false;
  const hours = channel === 'messenger' ? rules.messengerHours : channel === 'zalo' ? rules.zaloHours : 0;
  if (hours <= 0) return false;
  const age = now.getTime() - lastSeen.getTime();
  return age >= 0 && age <= hours * 3600_000;
}
