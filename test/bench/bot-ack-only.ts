/**
 * The bot with its intake worker off, for the load benchmark: the webhook path alone (verify, parse,
 * store the event in the intake stream, 200), with nothing processing the stored events. Shows
 * what acknowledging costs apart from running the turns. Environment as for src/main.ts.
 */
import { createServer as createHttpServer } from 'node:http';
import { loadConfig } from '../../src/config.js';
import { loadContent } from '../../src/content/load.js';
import { createLogger } from '../../src/lib/logger.js';
import { createServer } from '../../src/server.js';
import { createRedisClient, waitForRedis } from '../../src/store/redis/client.js';

const config = loadConfig();
const redis = createRedisClient(config);
redis.on('error', () => undefined);
await waitForRedis(redis, 15_000);
const bot = createServer({ config, redis, logger: createLogger(config.logLevel), content: loadContent(config.contentDir), intakeWorker: false });
const server = createHttpServer(bot.app).listen(config.port, config.host);
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void bot.close().finally(() => {
    redis.disconnect();
    process.exit(0);
  });
});
