/**
 * Local stand-ins of the Zalo OA API and the Messenger Graph API for the load benchmark, on
 * 127.0.0.1: each answers success and counts the messages it was asked to send, by recipient.
 * Run as its own process by the benchmarks (so the load generator does not share an event loop with the
 * replies it counts): PORT serves `/healthz`, `/urls` (where each stand-in listens) and `/counts`.
 * With TLS_CERT and TLS_KEY (PEM files), the Graph stand-in also listens on https (`graphTls`, counted
 * with its http side), and a second one, https only (`peerGraphTls`, counted as `peerGraph`), serves a
 * peer bot that only calls https (Botkit's Facebook adapter) and answers the same users.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';

/** One running stand-in and what it counted. */
interface StandIn {
  url: string;
  /** Messages sent per recipient id (sender actions such as typing are not counted). */
  sends: Map<string, number>;
  /** Time of the last counted send (ms). */
  lastSendAt: number;
  /** Time of the last counted send per recipient (ms): a one-message user's webhook-to-reply latency. */
  lastAt: Map<string, number>;
  /** Every POST, sender actions (typing) included. */
  requests: number;
  /** Also serves the stand-in on https (same counts); returns its URL. */
  listenTls(cert: Buffer, key: Buffer): Promise<string>;
  total(): number;
  close(): Promise<void>;
}

/** Starts one stand-in; `recipient` reads the recipient of a counted send from the body, or undefined. */
async function standIn(
  recipient: (path: string, body: Record<string, any>) => string | undefined,
  answer: (body: Record<string, any>) => object,
): Promise<StandIn> {
  const sends = new Map<string, number>();
  let total = 0;
  const servers: Server[] = [];
  const self: StandIn = {
    url: '',
    sends,
    lastSendAt: 0,
    lastAt: new Map(),
    requests: 0,
    total: () => total,
    listenTls: (cert, key) => listen(createTlsServer({ cert, key }, handle), 'https'),
    close: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      ).then(() => undefined),
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, any> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, any>;
      } catch {
        // not JSON: answered, not counted
      }
      if (req.method === 'POST') self.requests += 1;
      const to = req.method === 'POST' ? recipient(req.url ?? '', body) : undefined;
      if (to !== undefined) {
        sends.set(to, (sends.get(to) ?? 0) + 1);
        total += 1;
        self.lastSendAt = Date.now();
        self.lastAt.set(to, self.lastSendAt);
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer(body)));
    });
  };
  const listen = async (server: Server, scheme: string) => {
    servers.push(server);
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `${scheme}://127.0.0.1:${(server.address() as { port: number }).port}`;
  };
  self.url = await listen(createServer(handle), 'http');
  return self;
}

/** Zalo: counts `POST /v3.0/oa/message/cs` by `recipient.user_id`. */
const zaloStandIn = () =>
  standIn(
    (path, body) => (path.startsWith('/v3.0/oa/message/cs') ? String(body.recipient?.user_id) : undefined),
    () => ({ error: 0, message: 'Success', data: { message_id: 'bench', user_id: '0' } }),
  );

/** Messenger: counts `POST /<version>/me/messages` carrying a message (not a sender action) by `recipient.id`. */
const graphStandIn = () =>
  standIn(
    (path, body) => (path.includes('/me/messages') && body.message ? String(body.recipient?.id) : undefined),
    (body) => ({ recipient_id: String(body.recipient?.id ?? ''), message_id: 'm_bench' }),
  );

/** What one stand-in counted, as `/counts` reports it. */
export interface Counts {
  total: number;
  lastSendAt: number;
  sends: Record<string, number>;
  /** Last counted send per recipient (ms). */
  lastAt: Record<string, number>;
  /** Every POST, sender actions included. */
  requests: number;
}

const zalo = await zaloStandIn();
const graph = await graphStandIn();
const tls = process.env.TLS_CERT && process.env.TLS_KEY ? { cert: readFileSync(process.env.TLS_CERT), key: readFileSync(process.env.TLS_KEY) } : undefined;
const graphTls = tls && (await graph.listenTls(tls.cert, tls.key));
// A second Graph for a peer bot given the same webhooks (the same recipients): counted apart.
const peerGraph = tls && (await graphStandIn());
const peerGraphTls = tls && peerGraph && (await peerGraph.listenTls(tls.cert, tls.key));
const snapshot = (s: StandIn): Counts => ({
  total: s.total(),
  lastSendAt: s.lastSendAt,
  sends: Object.fromEntries(s.sends),
  lastAt: Object.fromEntries(s.lastAt),
  requests: s.requests,
});
const control = createServer((req, res) => {
  const body =
    req.url === '/urls'
      ? { zalo: zalo.url, graph: graph.url, graphTls, peerGraphTls }
      : req.url === '/counts'
        ? { zalo: snapshot(zalo), graph: snapshot(graph), ...(peerGraph ? { peerGraph: snapshot(peerGraph) } : {}) }
        : { status: 'ok' };
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
});
control.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  control.close();
  void Promise.all([zalo.close(), graph.close(), peerGraph?.close()]).finally(() => process.exit(0));
});
