/**
 * For tests that run the bot as a real process (nock cannot reach into another process): a local
 * HTTP stand-in for Zalo's send API, and signed webhooks posted over the network.
 */
import { createServer, type Server } from 'node:http';
import { sign, zaloEvent, zaloUserId } from './zalo.js';

export interface ZaloStandIn {
  url: string;
  /** The recipient of every send, in the order received. */
  sends: string[];
  close(): Promise<void>;
}

/**
 * Stands in for `POST /v3.0/oa/message/cs` on 127.0.0.1: records the recipient of every send when it
 * arrives (as the platform delivers it), and answers success after `delayMs`.
 */
export async function zaloStandIn(delayMs = 0): Promise<ZaloStandIn> {
  const sends: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v3.0/oa/message/cs') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { recipient?: { user_id?: string } };
        sends.push(String(body.recipient?.user_id));
      }
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error: 0, message: 'Success', data: { message_id: 'x', user_id: '0' } }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    sends,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A signed `user_send_text` webhook body from a new user. */
export function textFromNewUser(text = 'menu'): { userId: string; raw: string } {
  const userId = zaloUserId();
  return { userId, raw: JSON.stringify(zaloEvent('user_send_text', { userId, text })) };
}

/** Posts a webhook body, signed, to the bot at `url`; the status (a failed connection throws). */
export async function postZalo(url: string, raw: string): Promise<number> {
  const res = await fetch(`${url}/webhooks/zalo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zevent-signature': sign(raw) },
    body: raw,
  });
  await res.arrayBuffer();
  return res.status;
}

/** How many sends went to `userId`. */
export const sendsTo = (sends: string[], userId: string) => sends.filter((s) => s === userId).length;
