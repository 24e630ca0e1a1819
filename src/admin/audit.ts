/**
 * What the audit log records (stored append-only by the AuditLog port, admin/ports.ts). Each entry
 * says who did what, when, and to which report; it never holds a message text, a password or a token.
 */

/** Every action the audit log records. */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'view',
  'claim',
  'message',
  'note',
  'status',
  'export',
  'alerts_link_code',
  'alerts_unlink',
  'checkin',
  'photo',
  'login_locked',
  'broadcast',
  'broadcast_cancel',
  'unanswered_read',
  'event_create',
  'event_update',
  'event_publish',
  'event_cancel',
  'event_revert',
  'signups_read',
  'signup_promote',
  'signup_remove',
  'faq_create',
  'faq_update',
  'faq_revert',
  'unanswered_dismiss',
] as const;
/** One recorded action. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a caller appends. */
export interface AuditEvent {
  /** The staff username, or `(unknown)` for a failed login with a username that does not exist. */
  actor: string;
  action: AuditAction;
  /** The report code the action was about. */
  report?: string;
  /** A short non-personal detail: the new status, a failure reason, the client address of a login, the event or FAQ entry and its version. */
  detail?: string;
}

/** What a supervisor reads back. */
export interface AuditEntry extends AuditEvent {
  /** The stream entry id (use it as `before` to page back). */
  id: string;
  at: string;
}
