/**
 * The web chat's session as the page sees it. The page keeps the conversation in the tab's own
 * storage; these two operations cover what it cannot: picking up a conversation in progress when it
 * has no copy of it (another tab, within the session's idle time), and ending the session on the
 * server when the worker clears the chat (a shared phone).
 */
import type { Lang, OutboundMessage } from '../../core/message.js';
import type { Prefs, SessionState, SessionStore, UserLock } from '../../core/ports.js';

export interface WebSessions {
  /**
   * When the session is in the middle of a flow (a report, a sign-up), one message saying so, with the
   * buttons it last offered; empty otherwise (the page then starts with the welcome). Reads only.
   */
  resume(sessionId: string): Promise<OutboundMessage[]>;
  /** Ends the session: its state, preferences, last-seen time and waiting messages are deleted. */
  end(sessionId: string): Promise<void>;
  /** Whether the bot knows this session: its conversation is in progress, or messages wait for it. */
  known(sessionId: string): Promise<boolean>;
}

export interface WebSessionDeps {
  sessions: Pick<SessionStore, 'load' | 'forget' | 'hasSession'>;
  /** Messages waiting for the user (the later-inbox), cleared with the session. */
  inbox: { clear(userKey: string): Promise<void> };
  /** Whether messages wait for the user in each inbox (by the session's user key). */
  waiting: readonly ((userKey: string) => Promise<boolean>)[];
  /** The engine's per-user lock: an end never interleaves with a turn of the same session. */
  lock: UserLock;
  userKey(sessionId: string): string;
  t(lang: Lang, key: string): string;
  defaultLang: Lang;
}

/** Builds the two operations over the engine's stores. */
export function createWebSessions(deps: WebSessionDeps): WebSessions {
  const message = (session: SessionState, prefs: Prefs | undefined): OutboundMessage => {
    const lang = prefs?.lang ?? deps.defaultLang;
    const buttons = session.offered ?? [];
    return buttons.length ? { text: deps.t(lang, 'web:resume_choose'), buttons } : { text: deps.t(lang, 'web:resume_type') };
  };
  return {
    async resume(sessionId) {
      const { session, prefs } = await deps.sessions.load(deps.userKey(sessionId));
      return session?.flow ? [message(session, prefs)] : [];
    },
    async known(sessionId) {
      const userKey = deps.userKey(sessionId);
      const found = await Promise.all([deps.sessions.hasSession(userKey), ...deps.waiting.map((w) => w(userKey))]);
      return found.some(Boolean);
    },
    async end(sessionId) {
      const userKey = deps.userKey(sessionId);
      await deps.lock.run(userKey, async () => {
        await deps.sessions.forget(userKey);
        await deps.inbox.clear(userKey);
      });
    },
  };
}
