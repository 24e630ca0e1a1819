/**
 * The audit log: one Redis Stream, appended with XADD and never edited or trimmed. Each entry says
 * who did what, when, and to which report; it never holds a message text, a password or a token.
 */
import { guard, type Redis } from '../store/redis/client.js';
import { createAdminKeys } from './keys.js';

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
  'unanswered_read',
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
  /** A short non-personal detail: the new status, a failure reason, the client address of a login. */
  detail?: string;
}

/** What a supervisor reads back. */
export interface AuditEntry extends AuditEvent {
  /** The stream entry id (use it as `before` to page back). */
  id: string;
  at: string;
}

/** Append-only access to the audit stream. */
export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
  /** Newest first, at most `limit` entries, strictly older than `before` when given. */
  list(options: { limit: number; before?: string }): Promise<AuditEntry[]>;
}

function toEntry([id, fields]: [string, string[]]): AuditEntry {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  const entry: AuditEntry = { id, at: map.get('at') ?? '', actor: map.get('actor') ?? '', action: map.get('action') as AuditAction };
  if (map.has('report')) entry.report = map.get('report');
  if (map.has('detail')) entry.detail = map.get('detail');
  return entry;
}

/** Builds the audit log over `<prefix>:staff:audit`. */
export function createAuditLog(redis: Redis, prefix: string, clock: () => Date = () => new Date()): AuditLog {
  const key = createAdminKeys(prefix).audit;
  return {
    async append(event) {
      const fields = ['at', clock().toISOString(), 'actor', event.actor, 'action', event.action];
      if (event.report) fields.push('report', event.report);
      if (event.detail) fields.push('detail', event.detail);
      await guard(() => redis.xadd(key, '*', ...fields));
    },
    async list({ limit, before }) {
      const rows = await guard(() => redis.xrevrange(key, before ? `(${before}` : '+', '-', 'COUNT', limit));
      return rows.map(toEntry);
    },
  };
}
