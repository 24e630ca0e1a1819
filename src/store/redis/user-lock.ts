/**
 * Per-user serialisation across bot instances: a Redis lock (SET NX PX with a random token,
 * released by a compare-and-delete script), with an in-process queue in front so one instance does
 * not spin against itself.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../core/errors.js';
import type { Holding, UserLock } from '../../core/ports.js';
import { guard, type Redis } from './client.js';
import type { Keys } from './keys.js';
import { lua, runScript } from './script.js';

/** See scripts/lock-release-1.lua. */
const RELEASE = lua('lock-release');

/** See scripts/lock-extend-1.lua. */
const EXTEND = lua('lock-extend');

export interface LockOptions {
  /** How long a lock lives if its holder dies (ms). */
  ttlMs?: number;
  /** How long to wait for a busy lock before giving up (ms). */
  waitMs?: number;
}

/** Creates the lock. A turn that cannot get the lock in `waitMs` fails with USER_BUSY. */
export function createRedisUserLock(redis: Redis, keys: Keys, opts: LockOptions = {}): UserLock {
  const ttlMs = opts.ttlMs ?? 15_000;
  const waitMs = opts.waitMs ?? 10_000;
  const local = new Map<string, Promise<unknown>>();

  /**
   * Takes the lock; `load` is sent in the same tick, so auto-pipelining writes it right behind the SET
   * on the same connection and Redis runs it just after (the user's keys share the lock's slot, so on a
   * cluster too). A read made while another holder had the lock is thrown away, and made again.
   */
  async function acquire<L>(key: string, token: string, load: (() => Promise<L>) | undefined): Promise<{ read: Promise<L> | undefined }> {
    const deadline = Date.now() + waitMs;
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      // The SET first, then the read: that is the order they are written and run in.
      const taken = guard(() => redis.set(key, token, 'PX', ttlMs, 'NX'));
      const read = load?.();
      // A read that fails while the lock is someone else's must not surface as unhandled.
      read?.catch(() => undefined);
      // Wrapped: an async function would otherwise wait for the read, and a failed read would hide that the lock is held.
      if ((await taken) === 'OK') return { read };
      if (Date.now() > deadline) throw new AppError('USER_BUSY', 'user lock busy');
      await sleep(delay);
    }
  }

  async function withRedisLock<T, L>(
    userKey: string,
    fn: (fence: string, holding: Holding<L>) => Promise<T>,
    load: (() => Promise<L>) | undefined,
  ): Promise<T> {
    const key = keys.lock(userKey);
    const token = randomBytes(12).toString('base64url');
    const { read } = await acquire(key, token, load);
    let released = false;
    // A long turn (photos, slow platform APIs) keeps its lock: extended every third of its life.
    const watchdog = setInterval(() => void runScript(redis, EXTEND, [key], [token, ttlMs]).catch(() => undefined), Math.max(100, Math.floor(ttlMs / 3)));
    try {
      const loaded = (await read) as L;
      return await fn(token, { loaded, released: () => (released = true) });
    } finally {
      clearInterval(watchdog);
      if (!released) await runScript(redis, RELEASE, [key], [token]).catch(() => undefined);
    }
  }

  return {
    run(userKey, fn, load) {
      const previous = local.get(userKey) ?? Promise.resolve();
      const next = previous.then(
        () => withRedisLock(userKey, fn, load),
        () => withRedisLock(userKey, fn, load),
      );
      const tail = next.catch(() => undefined);
      local.set(userKey, tail);
      void tail.then(() => {
        if (local.get(userKey) === tail) local.delete(userKey);
      });
      return next;
    },
  };
}
