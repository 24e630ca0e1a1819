/** In-memory twins of the Redis stores, for unit tests; same contracts, no persistence. */
import type { OutboundMessage } from '../../core/message.js';
import type { Prefs, SessionState, SessionStore, UserLock } from '../../core/ports.js';

export function createMemorySessionStore(): SessionStore & { dump(): Map<string, string> } {
  const data = new Map<string, string>();
  return {
    async load(userKey, turnId) {
      const s = data.get(`s:${userKey}`);
      const p = data.get(`p:${userKey}`);
      const t = turnId ? data.get(`turn:${userKey}:${turnId}`) : undefined;
      return {
        session: s ? (JSON.parse(s) as SessionState) : undefined,
        prefs: p ? (JSON.parse(p) as Prefs) : undefined,
        turn: t ? (JSON.parse(t) as OutboundMessage[]) : undefined,
      };
    },
    async save(userKey, { session, prefs, seenAt, turn }) {
      if (seenAt) data.set(`seen:${userKey}`, String(seenAt.getTime()));
      if (turn) data.set(`turn:${userKey}:${turn.id}`, JSON.stringify(turn.replies));
      if (session) data.set(`s:${userKey}`, JSON.stringify(session));
      else data.delete(`s:${userKey}`);
      if (prefs && (prefs.lang || prefs.chosen)) data.set(`p:${userKey}`, JSON.stringify(prefs));
    },
    async lastSeen(userKey) {
      const ms = data.get(`seen:${userKey}`);
      return ms ? new Date(Number(ms)) : undefined;
    },
    async hasTurn(userKey, id) {
      return data.has(`turn:${userKey}:${id}`);
    },
    async hasSession(userKey) {
      return data.has(`s:${userKey}`);
    },
    async forgetTurn(userKey, id) {
      data.delete(`turn:${userKey}:${id}`);
    },
    async forget(userKey) {
      for (const k of [`s:${userKey}`, `p:${userKey}`, `seen:${userKey}`]) data.delete(k);
    },
    dump: () => data,
  };
}

export function createMemoryUserLock(): UserLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(userKey, fn, load) {
      // One process: the queue is the lock, and no other holder can fence this one out.
      const held = async () => fn('memory', { loaded: (await load?.()) as Parameters<typeof fn>[1]['loaded'], released: () => undefined });
      const next = (tails.get(userKey) ?? Promise.resolve()).then(held, held);
      tails.set(
        userKey,
        next.catch(() => undefined),
      );
      return next;
    },
  };
}
