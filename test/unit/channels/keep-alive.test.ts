import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGraphClient } from '../../../src/channels/messenger/client.js';
import { createZaloHttp } from '../../../src/channels/zalo/client.js';

// A real loopback server (nock replaces sockets, and sockets are what this is about).
let server: Server;
let url = '';
let connections = 0;
beforeAll(async () => {
  server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end('{"ok":true}'));
  server.on('connection', () => void (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs `calls` one after the other; the delays every setKeepAlive was given, and the connections opened. */
async function watch(calls: () => Promise<unknown>): Promise<{ delays: number[]; opened: number }> {
  const spy = vi.spyOn(Socket.prototype, 'setKeepAlive');
  const before = connections;
  try {
    await calls();
    return { delays: spy.mock.calls.map(([, delay]) => delay as number), opened: connections - before };
  } finally {
    spy.mockRestore();
  }
}

describe("the platform clients' connections", () => {
  it('Graph: calls share one kept-alive socket, whose keep-alive delay never changes (no setsockopt a call)', async () => {
    const client = createGraphClient({
      config: { pageAccessToken: 'token', appSecret: 'secret', graphApiUrl: url, graphApiVersion: 'v23.0' },
      logger: pino({ level: 'silent' }),
      retry: { attempts: 1 },
    });
    const { delays, opened } = await watch(async () => {
      for (let i = 0; i < 3; i++)
        expect((await client.sendMessage({ recipient: { id: '1' }, messaging_type: 'RESPONSE', message: { text: 'x' } })).ok).toBe(true);
    });
    expect(opened).toBe(1);
    expect(delays.length).toBeGreaterThanOrEqual(3);
    expect(new Set(delays)).toEqual(new Set([60_000]));
  });

  it("closes an idle socket before the server's announced keep-alive timeout ends (a call never goes out on a closing socket)", async () => {
    // This server keeps an idle connection 2 s and says so (`Keep-Alive: timeout=2`); the client lets it go a second earlier.
    const short = createServer((_req, res) => res.end('{}'));
    short.keepAliveTimeout = 2_000;
    let opened = 0;
    short.on('connection', () => void (opened += 1));
    await new Promise<void>((resolve) => short.listen(0, '127.0.0.1', resolve));
    try {
      const at = `http://127.0.0.1:${(short.address() as AddressInfo).port}/`;
      const http = createZaloHttp(1_000);
      await http.get(at);
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      await http.get(at);
      expect(opened).toBe(2);
    } finally {
      await new Promise<void>((resolve) => short.close(() => resolve()));
    }
  });

  it('Zalo: the same', async () => {
    const http = createZaloHttp(1_000);
    const { delays, opened } = await watch(async () => {
      for (let i = 0; i < 3; i++) expect((await http.post(`${url}/v3.0/oa/message/cs`, {})).status).toBe(200);
    });
    expect(opened).toBe(1);
    expect(new Set(delays)).toEqual(new Set([60_000]));
  });
});
