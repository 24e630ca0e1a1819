/** What every command-line tool shares: run `main` when the file is executed, exit with its code, print errors plainly. */
import { pathToFileURL } from 'node:url';
import type { Config } from '../config.js';
import { createRedisClient, waitForRedis, type Redis } from '../store/redis/client.js';

/** Runs `main` if `moduleUrl` is the script node was started with (not when imported by a test). */
export function runCli(name: string, moduleUrl: string, main: () => Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** Connects to Redis, runs `fn`, and disconnects whatever happens. */
export async function withRedis<T>(config: Readonly<Config>, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = createRedisClient(config);
  redis.on('error', () => undefined);
  try {
    await waitForRedis(redis);
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}
