/**
 * Staff accounts (stored by StaffAccountStore, admin/ports.ts, as versioned JSON): role, KCNs, a
 * disabled flag, an argon2id password hash and an optional sealed TOTP secret. Used by the
 * `officer` CLI and by login. Expected failures are values with a string code.
 */
import { seal, unseal } from '../lib/crypto.js';
import { hashPassword } from './passwords.js';
import type { StaffAccountStore } from './ports.js';
import { newTotpSecret } from './totp.js';
import { PASSWORD_MAX, PASSWORD_MIN, usernameSchema, type Account, type Result, type Role } from './types.js';

/** Why an account operation failed. */
export type StaffError = 'exists' | 'not_found' | 'invalid_username' | 'invalid_kcn' | 'no_kcn' | 'weak_password';

/** What `add` needs; the password is hashed before storage. */
export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  kcns: readonly string[];
}

/** Staff account operations (CLI and login). */
export interface StaffStore {
  /** Creates an account; fails with `exists`, `invalid_username`, `invalid_kcn`, `no_kcn` or `weak_password`. */
  add(input: NewAccount): Promise<Result<Account, StaffError>>;
  get(username: string): Promise<Account | undefined>;
  list(): Promise<Account[]>;
  /** Disables or re-enables an account; disabling ends its sessions. */
  setDisabled(username: string, disabled: boolean): Promise<Result<Account, StaffError>>;
  /** Sets a new password and ends every session of the account. */
  resetPassword(username: string, password: string): Promise<Result<Account, StaffError>>;
  /** Enrols (or replaces) a TOTP secret; returns the `otpauth://` URI to scan. Ends existing sessions. */
  enrolTotp(username: string): Promise<Result<{ uri: string }, StaffError>>;
  /** The base32 TOTP secret of an account, or undefined when it has none. */
  totpSecret(account: Account): string | undefined;
}

/** Where accounts are kept, the TOTP sealing key and the valid KCN ids. */
export interface StaffStoreDeps {
  accounts: StaffAccountStore;
  /** AES-256-GCM key for the TOTP secrets (`deriveKeys(...).encryption`). */
  encryptionKey: Buffer;
  /** Valid KCN ids: the parks of the registry plus `other`. */
  kcnIds: readonly string[];
  clock?: () => Date;
}

function passwordProblem(password: string): StaffError | undefined {
  const length = [...password].length;
  return length < PASSWORD_MIN || length > PASSWORD_MAX ? 'weak_password' : undefined;
}

function kcnProblem(role: Role, kcns: readonly string[], valid: readonly string[]): StaffError | undefined {
  if (kcns.some((k) => !valid.includes(k))) return 'invalid_kcn';
  return role === 'officer' && kcns.length === 0 ? 'no_kcn' : undefined;
}

/** Builds the store. */
export function createStaffStore(deps: StaffStoreDeps): StaffStore {
  const { accounts, encryptionKey } = deps;
  const now = () => (deps.clock ?? (() => new Date()))();

  const get = (username: string) => accounts.get(username);
  const save = (a: Account) => accounts.save(a);

  async function update(rawName: string, change: (a: Account) => Promise<Account> | Account): Promise<Result<Account, StaffError>> {
    const current = await get(rawName.trim().toLowerCase());
    if (!current) return { ok: false, error: 'not_found' };
    const next = await change(current);
    await save(next);
    return { ok: true, value: next };
  }

  return {
    async add(input) {
      const name = usernameSchema.safeParse(input.username);
      if (!name.success) return { ok: false, error: 'invalid_username' };
      const problem = kcnProblem(input.role, input.kcns, deps.kcnIds) ?? passwordProblem(input.password);
      if (problem) return { ok: false, error: problem };
      const account: Account = {
        v: 1,
        username: name.data,
        role: input.role,
        kcns: [...new Set(input.kcns)],
        disabled: false,
        passwordHash: await hashPassword(input.password),
        createdAt: now().toISOString(),
        sessionsValidAfter: now().getTime(),
      };
      if (!(await accounts.create(account))) return { ok: false, error: 'exists' };
      return { ok: true, value: account };
    },
    get: (username) => get(username.trim().toLowerCase()),
    list: () => accounts.list(),
    setDisabled: (username, disabled) => update(username, (a) => ({ ...a, disabled, sessionsValidAfter: disabled ? now().getTime() : a.sessionsValidAfter })),
    async resetPassword(username, password) {
      const problem = passwordProblem(password);
      if (problem) return { ok: false, error: problem };
      return update(username, async (a) => ({ ...a, passwordHash: await hashPassword(password), sessionsValidAfter: now().getTime() }));
    },
    async enrolTotp(username) {
      const secret = newTotpSecret(username.trim().toLowerCase());
      const done = await update(username, (a) => ({ ...a, totpSealed: seal(encryptionKey, secret.base32), sessionsValidAfter: now().getTime() }));
      return done.ok ? { ok: true, value: { uri: secret.uri } } : done;
    },
    totpSecret: (account) => (account.totpSealed ? unseal(encryptionKey, account.totpSealed) : undefined),
  };
}
