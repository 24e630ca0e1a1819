/**
 * Each platform's rule for messages the user did not just ask for (broadcasts, reminders, officers'
 * messages), in one place. Messenger: only within 24 hours of the user's last message, with no tag (the
 * update tags were retired in 2026; the HUMAN_AGENT exception lives in the Messenger sender). Zalo:
 * consultation messages are free for 48 hours after the user's last message; from 48 hours to 7 days
 * they are billed, which needs a Zalo Cloud Account linked to the OA (else Zalo answers -320, or -321
 * when its balance is empty). So the Zalo window is 48 hours unless the deployment says it pays
 * (`ZALO_PAID_WINDOW=true`). The web chat cannot receive pushes at all.
 */

/** How long after the user's last message a message the user did not ask for may reach them, by channel. */
export interface WindowRules {
  messengerHours: number;
  zaloHours: number;
}

/** Messenger's standard messaging window. */
export const MESSENGER_WINDOW_HOURS = 24;
/** Zalo consultation messages are free this long after the user's last message. */
export const ZALO_FREE_HOURS = 48;
/** Zalo consultation messages may be sent, billed, up to this long (needs a linked Zalo Cloud Account). */
export const ZALO_PAID_HOURS = 7 * 24;

/** The rules of a deployment: `zaloPaidWindow` when a Zalo Cloud Account with a balance is linked to the OA. */
export function windowRules(opts: { zaloPaidWindow: boolean }): WindowRules {
  return { messengerHours: MESSENGER_WINDOW_HOURS, zaloHours: opts.zaloPaidWindow ? ZALO_PAID_HOURS : ZALO_FREE_HOURS };
}

/** Without a paid Zalo window. */
export const DEFAULT_WINDOWS: WindowRules = windowRules({ zaloPaidWindow: false });

/**
 * True when a message may go to a user of `channel` who last wrote at `lastSeen`. A `lastSeen` a little
 * ahead of `now` (another instance's clock) counts as just now.
 */
export function windowOpen(channel: string, lastSeen: Date | undefined, now: Date, rules: WindowRules = DEFAULT_WINDOWS): boolean {
  if (!lastSeen) return false;
  const hours = channel === 'messenger' ? rules.messengerHours : channel === 'zalo' ? rules.zaloHours : 0;
  if (hours <= 0) return false;
  return now.getTime() - lastSeen.getTime() <= hours * 3600_000;
}
