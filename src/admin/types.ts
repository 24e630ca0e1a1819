/** The staff side's own types: accounts, roles and the signed-in officer of a request. */
import { z } from 'zod';

/** Staff roles: officers see their KCNs, supervisors all, organisers no reports. */
export const ROLES = ['officer', 'supervisor', 'organizer'] as const;
/** One staff role. */
export type Role = (typeof ROLES)[number];

/** Lower-case letters, digits, `.`, `_` and `-`, 2 to 32 characters. */
export const usernameSchema = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,32}$/, 'must be 2 to 32 of a-z 0-9 . _ -');

/** Password length limits, in characters. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** An account as stored (versioned JSON). The password is an argon2id hash; the TOTP secret is sealed. */
export const accountSchema = z.object({
  v: z.literal(1),
  username: z.string(),
  role: z.enum(ROLES),
  kcns: z.array(z.string()),
  disabled: z.boolean(),
  passwordHash: z.string().startsWith('$argon2id$'),
  /** AES-256-GCM sealed base32 TOTP secret, when enrolled. */
  totpSealed: z.string().optional(),
  createdAt: z.string(),
  /** Sessions created before this instant are void (password reset, disable, TOTP enrolment). */
  sessionsValidAfter: z.number(),
});
/** A stored staff account. */
export type Account = z.infer<typeof accountSchema>;

/** What a request knows about the officer who made it. */
export interface StaffIdentity {
  username: string;
  role: Role;
  kcns: readonly string[];
}

/** The signed-in staff member plus the session's CSRF token. */
export interface StaffSession extends StaffIdentity {
  sessionId: string;
  csrfToken: string;
}

/** Result as a value, with a string error code. */
export type Result<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };
