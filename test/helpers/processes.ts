/** Starts real processes for tests: a private redis-server on a spare port, and the bot itself. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` every 100 ms until it is true or `ms` passed. */
export async function waitFor(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`condition not met within ${ms} ms`);
}

/** A redis-server of our own (no persistence), so a test may stop and start it. */
export class TestRedisServer {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitFor(async () => (await fetchRedisPing(this.port)) === true);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }
}

async function fetchRedisPing(port: number): Promise<boolean> {
  const { Socket } = await import('node:net');
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(500);
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
  });
}

/** A Node process started by `startNodeProcess`, serving HTTP on `url`. */
export interface NodeProcess {
  url: string;
  /** Where a bot process serves `/metrics` (its METRICS_PORT, on 127.0.0.1). */
  metricsUrl: string;
  proc: ChildProcess;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs `script` through tsx as a real process with PORT, HOST and a free METRICS_PORT set, and waits for its /healthz.
 * `nodeArgs` go before the script (for example `--cpu-prof`); `nice` lowers its CPU priority; stderr is
 * piped unless `stderr` says otherwise.
 */
export async function startNodeProcess(
  script: string,
  env: Record<string, string>,
  options: { nodeArgs?: string[]; stderr?: 'pipe' | 'inherit'; nice?: number } = {},
): Promise<NodeProcess> {
  const port = await freePort();
  const metricsPort = await freePort();
  const command = [process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', script];
  if (options.nice) command.unshift('nice', '-n', String(options.nice));
  const proc = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: String(metricsPort) },
    stdio: ['ignore', 'ignore', options.stderr ?? 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok, 30_000);
  return {
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    proc,
    async stop() {
      // Already gone (exited, or killed by a signal: then exitCode stays null).
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      proc.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Runs `src/main.ts` as a real process with the given environment (LOG_LEVEL warn unless given). An
 * `env` that names its own REDIS_URL (a private redis-server) and no REDIS_CLUSTER_NODES gets a
 * single-server bot even when the suite runs against a cluster.
 */
export function startBotProcess(env: Record<string, string>): Promise<NodeProcess> {
  const single: Record<string, string> = env.REDIS_URL && env.REDIS_CLUSTER_NODES === undefined ? { REDIS_CLUSTER_NODES: '' } : {};
  return startNodeProcess('src/main.ts', { LOG_LEVEL: 'warn', ...single, ...env });
}
