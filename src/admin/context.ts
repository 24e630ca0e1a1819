/**
 * Everything the admin routes share, built once by `createAdminRouter`: stores, the audit log, the
 * report service and the login policy.
 */
import type { Response } from 'express';
import type { TotpRule } from './access.js';
import type { Logger } from '../lib/logger.js';
import type { ReportService } from '../reports/types.js';
import type { AlertLinks } from './alerts.js';
import type { Lockout } from './lockout.js';
import type { AuditLog, ReportReadMarks, StaffMarks } from './ports.js';
import type { SessionStore } from './sessions.js';
import type { StaffStore } from './staff-store.js';
import type { StaffSession } from './types.js';

/** The shared services of the admin routes. */
export interface AdminContext {
  staff: StaffStore;
  sessions: SessionStore;
  lockout: Lockout;
  audit: AuditLog;
  alerts: AlertLinks;
  reports: ReportService;
  logger: Logger;
  /** First-time marks: a used TOTP step (replay guard), a lock told to the account's owner. */
  marks: StaffMarks;
  /** Who must log in with a TOTP code (STAFF_REQUIRE_2FA, and the default in production). */
  totp: TotpRule;
  /**
   * Tells an account's owner, on their linked chat account and at most once an hour, that their
   * account was locked from some address for `seconds`; does nothing for an account with no link.
   */
  tellLocked(username: string, seconds: number): Promise<void>;
  cookie: { name: string; secure: boolean };
  /** Valid KCN ids: the registry's parks plus `other`. */
  kcnIds: readonly string[];
  /** When each staff member last opened each report (the live queue's "new answer" marks). */
  reads: ReportReadMarks;
  /** The festival's time zone: the queue's date filter counts days there. */
  timezone: string;
  clock(): Date;
}

/** The signed-in staff member of a request that passed `requireStaff`. */
export function currentStaff(res: Response): StaffSession {
  const staff = res.locals.staff as StaffSession | undefined;
  if (!staff) throw new Error('currentStaff used on a route without requireStaff');
  return staff;
}
