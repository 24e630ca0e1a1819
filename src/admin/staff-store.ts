/**
 * Staff accounts in Redis (`<prefix>:staff:account:<username>`, versioned JSON): role, KCNs, a
 * disabled flag, an argon2id password hash and an optional sealed TOTP secret. Used by the
 * `officer` CLI and by login. Expected failures are values with a string code.
 */
import { seal, unseal } from '../lib/crypto.js';
import { parseStored } from '../lib/json.js';
import { guard, type Redis } from '../store/redis/client.js';
import { createAdminKeys } from './keys.js';
import { hashPassword } from './passwords.js';
import { newTotpSecret } from './totp.js';
import { accountSchema, PASSWORD_MAX, PASSWORD_MIN, usernameSchema, type Account, type Result, type Role } from './types.js';

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

/** Redis, prefix, the TOTP sealing key and the valid KCN ids. */
export interface StaffStoreDeps {
  redis: Redis;
  prefix: string;
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

/** Parses stored JSON into an account; undefined when absent or not a known version. */
function parseAccount(raw: string | null): Account | undefined {
  return parseStored(accountSchema, raw);
}

/** Reads one account (username already normalised); undefined when absent. */
export async function loadAccount(redis: Redis, prefix: string, username: string): Promise<Account | undefined> {
  return parseAccount(await guard(() => redis.get(createAdminKeys(prefix).account(username))));
}

/** Reads every account, sorted by username. */
export async function listAccounts(redis: Redis, prefix: string): Promise<Account[]> {
  const names = (await guard(() => redis.smembers(createAdminKeys(prefix).accounts))).sort();
  const accounts = await Promise.all(names.map((n) => loadAccount(redis, prefix, n)));
  return accounts.filter((a): a is Account => a !== undefined);
}

/** Builds the store. */
export function createStaffStore(deps: StaffStoreDeps): StaffStore {
  const { redis, encryptionKey } = deps;
  const keys = createAdminKeys(deps.prefix);
  const now = () => (deps.clock ?? (() => new Date()))();

  const get = (username: string) => loadAccount(redis, deps.prefix, username);
  const save = (a: Account) => guard(() => redis.set(keys.account(a.username), JSON.stringify(a)));

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
      const created = await guard(() => redis.set(keys.account(account.username), JSON.stringify(account), 'NX'));
      if (created !== 'OK') return { ok: false, error: 'exists' };
      await guard(() => redis.sadd(keys.accounts, account.username));
      return { ok: true, value: account };
    },
    get: (username) => get(username.trim().toLowerCase()),
    list: () => listAccounts(redis, deps.prefix),
    setDisabled: (username, disabled) =>
      update(username, (a) => ({ ...a, disabled, sessionsValidAfter: disabled ? now().getTime() : a.sessionsValidAfter })),
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
