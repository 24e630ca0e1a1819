/**
 * Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane). A login for an
 * unknown user still runs one verification against a dummy hash, so timing does not tell which
 * usernames exist.
 */
import { argon2id, hash, verify } from 'argon2';
import { randomBytes } from 'node:crypto';

const OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let dummyHash: Promise<string> | undefined;

/** Hashes a password; the result starts with `$argon2id$`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), OPTIONS);
}

/**
 * Verifies a password against a stored hash, or against a throw-away hash when `stored` is undefined
 * (the answer is then always false, after the same amount of work). Never throws on a bad hash.
 */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hash(randomBytes(16).toString('base64url'), OPTIONS);
  const target = stored ?? (await dummyHash);
  try {
    const ok = await verify(target, password.normalize('NFC'));
    return ok && stored !== undefined;
  } catch {
    return false;
  }
}
