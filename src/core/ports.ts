/** The narrow storage interfaces the engine uses; Redis and in-memory implementations live in src/store. */
import type { Button, Lang } from './message.js';

/** A flow in progress. */
export interface FlowState {
  id: string;
  version: number;
  step: string;
  data: unknown;
}

/** Per-user conversation state; expires after the idle time. */
export interface SessionState {
  v: 1;
  flow?: FlowState;
  /** The reply buttons last offered, so a typed label or number can stand for a click. */
  offered?: Pick<Button, 'title' | 'payload'>[];
}

/** Per-user preferences that outlive a conversation. */
export interface Prefs {
  lang?: Lang;
  /** True once the user picked the language; auto-detection stops then. */
  chosen?: boolean;
}

/** Stores session state and preferences under a pseudonymous user key. */
export interface SessionStore {
  load(userKey: string): Promise<{ session?: SessionState; prefs?: Prefs }>;
  /** Saves after a successful turn; `seenAt` records the user's last message (platform messaging windows). */
  save(userKey: string, state: { session?: SessionState; prefs?: Prefs; seenAt?: Date }): Promise<void>;
  /** When the user last wrote, if known. */
  lastSeen(userKey: string): Promise<Date | undefined>;
}

/** Serialises the turns of one user: at most one at a time, across every bot instance. */
export interface UserLock {
  run<T>(userKey: string, fn: () => Promise<T>): Promise<T>;
}
