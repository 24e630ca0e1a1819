/**
 * The web chat client behind the turn in progress: its IP address as express sees it (`TRUST_PROXY`
 * respected), held in memory for the turn's duration only. Limits counted per client hold however
 * many session ids a browser makes up; nothing here is stored.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<string>();

/** Runs `turn` with `ip` as its web client (every await inside sees it). */
export function withWebClient<T>(ip: string, turn: () => Promise<T>): Promise<T> {
  return current.run(ip, turn);
}

/** The IP address of the web client whose turn is running; undefined outside a web chat turn. */
export function currentWebClient(): string | undefined {
  return current.getStore();
}
