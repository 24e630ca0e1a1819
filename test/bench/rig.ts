/** What every load benchmark starts first: a private redis-server, a client on it, and the platform stand-ins. */
import { Redis } from 'ioredis';
import { freePort, startNodeProcess, TestRedisServer, type NodeProcess } from '../helpers/processes.js';

export interface Rig {
  redis: TestRedisServer;
  /** The benchmark's own client (INFO, clean-ups). */
  store: Redis;
  standIns: NodeProcess;
  /** Where the stand-ins listen (`graphTls` and `peerGraphTls` when started with TLS_CERT and TLS_KEY). */
  urls: { zalo: string; graph: string; graphTls?: string; peerGraphTls?: string };
  close(): Promise<void>;
}

/** Starts the rig; `standInEnv` goes to the stand-ins' process (TLS_CERT, TLS_KEY). */
export async function startRig(standInEnv: Record<string, string> = {}): Promise<Rig> {
  const redis = new TestRedisServer(await freePort());
  await redis.start();
  const store = new Redis(redis.url);
  const standIns = await startNodeProcess('test/bench/stand-ins.ts', standInEnv, { stderr: 'inherit' });
  const urls = (await (await fetch(`${standIns.url}/urls`)).json()) as Rig['urls'];
  return {
    redis,
    store,
    standIns,
    urls,
    async close() {
      await standIns.stop().catch(() => undefined);
      store.disconnect();
      await redis.stop().catch(() => undefined);
    },
  };
}
