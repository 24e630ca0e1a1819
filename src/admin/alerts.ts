/**
 * Alert links: an officer asks the dashboard for a one-time code (6 digits, 10 minutes), sends it to
 * the bot from Zalo or Messenger, and the bot's flow calls `redeemLinkCode` with the sender's sealed
 * address. The address is stored exactly as sealed by the engine and never opened here. Alerts
 * themselves (no report text) are sent by the reports side to `alertRecipients(kcn)`.
 */
import { randomInt } from 'node:crypto';
import type { AlertLinkStore, StaffAccountStore } from './ports.js';
import type { Result } from './types.js';

/** How long a link code stays valid (10 minutes). */
export const LINK_CODE_TTL_SECONDS = 10 * 60;

/** The alert-link operations: the dashboard asks for codes; the bot redeems them; the reports side reads recipients. */
export interface AlertLinks {
  /** A fresh one-time code for the officer; fails only when no free code was found (astronomically rare). */
  createLinkCode(username: string): Promise<Result<{ code: string; expiresAt: string }, 'unavailable'>>;
  /**
   * Redeems a code sent to the bot: links `sealedAddress` (an AES-256-GCM sealed {channel,id} made by
   * the engine) to the officer who asked for it, replacing any earlier link. The code works once.
   */
  redeemLinkCode(code: string, sealedAddress: string): Promise<Result<undefined, 'invalid_code'>>;
  /** Sealed addresses of the enabled, linked officers of a KCN and of every enabled, linked supervisor. */
  alertRecipients(kcn: string): Promise<string[]>;
  isLinked(username: string): Promise<boolean>;
  /** The sealed address the staff member linked, if any (to tell them about their own account). */
  addressOf(username: string): Promise<string | undefined>;
  unlink(username: string): Promise<void>;
}

/** Builds the alert links over their store and the accounts (admin/ports.ts). */
export function createAlertLinks(deps: { links: AlertLinkStore; accounts: StaffAccountStore; clock?: () => Date }): AlertLinks {
  const { links, accounts } = deps;
  const now = () => (deps.clock ?? (() => new Date()))();

  return {
    async createLinkCode(username) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        if (await links.putCode(code, username, LINK_CODE_TTL_SECONDS))
          return { ok: true, value: { code, expiresAt: new Date(now().getTime() + LINK_CODE_TTL_SECONDS * 1000).toISOString() } };
      }
      return { ok: false, error: 'unavailable' };
    },
    async redeemLinkCode(code, sealedAddress) {
      const clean = code.replace(/\s+/g, '');
      if (!/^\d{6}$/.test(clean)) return { ok: false, error: 'invalid_code' };
      const username = await links.takeCode(clean);
      const account = username ? await accounts.get(username) : undefined;
      if (!account || account.disabled) return { ok: false, error: 'invalid_code' };
      await links.setAddress(account.username, sealedAddress);
      return { ok: true, value: undefined };
    },
    async alertRecipients(kcn) {
      const staff = (await accounts.list()).filter((a) => !a.disabled && (a.role === 'supervisor' || (a.role === 'officer' && a.kcns.includes(kcn))));
      if (staff.length === 0) return [];
      const addresses = await links.addresses(staff.map((a) => a.username));
      return addresses.filter((a): a is string => typeof a === 'string');
    },
    isLinked: async (username) => (await links.address(username)) !== undefined,
    addressOf: (username) => links.address(username),
    unlink: (username) => links.deleteAddress(username),
  };
}
