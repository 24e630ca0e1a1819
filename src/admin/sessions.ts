/**
 * Staff login sessions. The cookie carries a random 256-bit id plus an HMAC of it (keyed with
 * `secrets.cookie`); the store (StaffSessionStore, admin/ports.ts) keeps the session under the id's hash, with an idle TTL refreshed on
 * every request and an absolute lifetime. Each session has its own random CSRF token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { tryParseJson } from '../lib/json.js';
import type { StaffSessionStore } from './ports.js';

const recordSchema = z.object({ v: z.literal(1), username: z.string(), csrf: z.string(), createdAt: z.number() });
/** A session as stored in Redis (versioned JSON). */
export type SessionRecord = z.infer<typeof recordSchema>;

/** Where sessions are kept, the cookie key and the lifetimes. */
export interface SessionStoreDeps {
  store: StaffSessionStore;
  /** HMAC key for the cookie value (`deriveKeys(...).cookie`). */
  cookieKey: Buffer;
  idleSeconds: number;
  maxAgeSeconds: number;
  clock?: () => Date;
}

/** A live session found from a cookie. */
export interface OpenSession {
  /** The raw session id (never logged, never stored in Redis as is). */
  id: string;
  record: SessionRecord;
}

/** Login sessions of staff. */
export interface SessionStore {
  /** Starts a session; returns the cookie value and the CSRF token. */
  create(username: string): Promise<{ cookie: string; csrfToken: string }>;
  /** The live session behind a cookie value, refreshing its idle TTL; undefined when invalid or expired. */
  open(cookie: string | undefined): Promise<OpenSession | undefined>;
  /** Ends a session (logout). */
  destroy(id: string): Promise<void>;
}

const random = () => randomBytes(32).toString('base64url');

/** True when two strings are equal, in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Builds the session store. */
export function createSessionStore(deps: SessionStoreDeps): SessionStore {
  const { store } = deps;
  const now = () => (deps.clock ? deps.clock().getTime() : Date.now());
  const sign = (id: string) => createHmac('sha256', deps.cookieKey).update(id).digest('base64url');

  function idFromCookie(cookie: string | undefined): string | undefined {
    const [id, mac, extra] = (cookie ?? '').split('.');
    if (!id || !mac || extra !== undefined || !/^[\w-]{43}$/.test(id)) return undefined;
    return safeEqual(mac, sign(id)) ? id : undefined;
  }

  return {
    async create(username) {
      const id = random();
      const record: SessionRecord = { v: 1, username, csrf: random(), createdAt: now() };
      await store.put(id, JSON.stringify(record), deps.idleSeconds);
      return { cookie: `${id}.${sign(id)}`, csrfToken: record.csrf };
    },
    async open(cookie) {
      const id = idFromCookie(cookie);
      if (!id) return undefined;
      const raw = await store.touch(id, deps.idleSeconds);
      const parsed = raw ? recordSchema.safeParse(tryParseJson(raw)) : undefined;
      if (!parsed?.success) return undefined;
      if (now() - parsed.data.createdAt > deps.maxAgeSeconds * 1000) {
        await store.delete(id);
        return undefined;
      }
      return { id, record: parsed.data };
    },
    async destroy(id) {
      await store.delete(id);
    },
  };
}

/** Reads one cookie from a `Cookie` header (no decoding needed: our values are base64url). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
