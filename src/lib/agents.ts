/**
 * The connection pools of the platforms' API clients (Graph, Zalo): sockets kept open between calls.
 * axios sets TCP keep-alive on each request's socket with a 60 s delay, and Node's agent sets it again,
 * with its own delay (1 s by default), when the socket goes back to the pool: two `setsockopt` calls a
 * request, each undoing the other (about 50 µs of a turn's CPU, `npm run bench:turns`). With the agent's
 * delay at axios's 60 s, Node sees no change and makes no call.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** axios's own keep-alive delay (lib/adapters/http.js). */
const AXIOS_KEEP_ALIVE_MS = 60_000;

/**
 * Agents for one axios instance: Node's global agents' settings (keep-alive, last used socket first, an idle
 * socket closed after 5 s, and before the server's own `Keep-Alive: timeout` ends), with axios's delay.
 */
export function keepAliveAgents(): { httpAgent: HttpAgent; httpsAgent: HttpsAgent } {
  const options = { keepAlive: true, keepAliveMsecs: AXIOS_KEEP_ALIVE_MS, scheduling: 'lifo' as const, timeout: 5_000 };
  return { httpAgent: new HttpAgent(options), httpsAgent: new HttpsAgent(options) };
}
