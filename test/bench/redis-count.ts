/**
 * A preload for the turn benchmark (`node --import tsx --import ./test/bench/redis-count.ts`): counts,
 * in the bot process, every Redis command it sends (by name; a script by its file name) and every write
 * to a Redis socket. With ioredis's auto-pipelining one write carries every command issued in the same
 * tick, so the writes are the round trips the process waits on. Serves the counts as JSON on
 * 127.0.0.1:BENCH_COUNT_PORT. Never part of the bot: only the benchmark loads it.
 */
import { createHash } from 'node:crypto';
import { Socket } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { Redis } from 'ioredis';
import { loadedScripts } from '../../src/store/redis/script.js';

/** What the bot process sent to Redis so far. */
export interface RedisCounts {
  /** Commands by name (`evalsha:<script>` for a script). */
  commands: Record<string, number>;
  /** Writes to a Redis socket: one per round trip (a pipeline is one write). */
  writes: number;
  /** Bytes written to Redis sockets. */
  bytes: number;
}

const redisPort = Number(new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').port || 6379);
const scriptBySha = new Map([...loadedScripts()].map(([name, s]) => [createHash('sha1').update(s.source).digest('hex'), name]));
const counts: RedisCounts = { commands: {}, writes: 0, bytes: 0 };

type SendCommand = (this: Redis, command: { name: string; args: unknown[] }, stream?: unknown) => unknown;
const send = Redis.prototype.sendCommand as unknown as SendCommand;
(Redis.prototype as unknown as { sendCommand: SendCommand }).sendCommand = function counted(command, stream) {
  const sha = command.name === 'evalsha' ? String(command.args[0]) : undefined;
  const name = sha ? `evalsha:${scriptBySha.get(sha) ?? sha.slice(0, 8)}` : command.name;
  counts.commands[name] = (counts.commands[name] ?? 0) + 1;
  return send.call(this, command, stream);
};

type Write = (this: Socket, chunk: unknown, ...rest: unknown[]) => boolean;
const write = Socket.prototype.write as unknown as Write;
(Socket.prototype as unknown as { write: Write }).write = function countedWrite(chunk, ...rest) {
  if (this.remotePort === redisPort) {
    counts.writes += 1;
    counts.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : ((chunk as Uint8Array | undefined)?.byteLength ?? 0);
  }
  return write.call(this, chunk, ...rest);
};

const port = Number(process.env.BENCH_COUNT_PORT);
if (port) {
  const server = createHttpServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(counts));
  });
  server.listen(port, '127.0.0.1');
  server.unref();
}
