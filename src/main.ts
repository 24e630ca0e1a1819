/** Boot: config → content → Redis → createServer → listen; drains in-flight turns on SIGTERM/SIGINT. */
import { createServer as createHttpServer } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ContentError, loadContent, type Content } from './festival/load.js';
import { createLogger } from './lib/logger.js';
import { createRedisClient, waitForRedis } from './store/redis/client.js';
import { createServer } from './server.js';

async function main(): Promise<void> {
  let config: Config;
  let content: Content;
  try {
    config = loadConfig();
    content = loadContent(config.contentDir);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ContentError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  for (const w of config.warnings) logger.warn(w);

  const redis = createRedisClient(config);
  redis.on('error', (err: Error) => logger.debug({ err: err.message }, 'redis connection error'));
  redis.on('ready', () => logger.info('redis ready'));
  redis.on('close', () => logger.warn('redis connection closed'));
  try {
    await waitForRedis(redis, 15_000);
  } catch {
    logger.warn({ redis: config.redisUrl.replace(/\/\/[^@]*@/, '//***@') }, 'Redis is not reachable yet; /readyz answers 503 until it is');
  }

  const bot = createServer({ config, redis, logger, content });
  // The content as edited in the dashboard, before the first message (the seed when Redis is not reachable yet).
  await bot.contentReady;
  // The classifier is learnt now, before the first message waits for it.
  await bot.engine.learn();
  const stopJobs = bot.reports.scheduleJobs(60_000, (err) => logger.warn({ err }, 'report jobs failed'));
  const purge = setInterval(() => {
    void bot.events.purge().catch((err: unknown) => logger.warn({ err }, 'sign-up purge failed'));
    void bot.faq.unanswered.prune().catch((err: unknown) => logger.warn({ err }, 'unanswered questions purge failed'));
  }, 3_600_000);
  purge.unref();
  void bot.events.startWorker().catch((err: unknown) => logger.warn({ err }, 'reminder worker not started'));
  const stopCampaigns = bot.broadcasts.schedule(60_000, (err: unknown) => logger.warn({ err }, 'campaign scheduler failed'));
  const broadcastWorkers = bot.broadcasts.runWorkers();
  const server = createHttpServer(bot.app);
  server.listen(config.port, config.host, () => {
    logger.info(
      { port: config.port, channels: config.channels, intakeWorker: config.intakeWorker },
      `antq-bot listening on http://localhost:${config.port} (channels: ${config.channels.join(', ')})`,
    );
  });
  // Metrics on their own listener, never the public port (METRICS_PORT=0: none; METRICS_TOKEN serves them there too).
  const metricsServer = config.metrics.port > 0 ? createHttpServer(bot.metricsApp) : undefined;
  metricsServer?.on('error', (err) => logger.error({ err }, 'metrics listener failed; the bot keeps serving without it'));
  metricsServer?.listen(config.metrics.port, config.metrics.host, () => {
    logger.info({ port: config.metrics.port, host: config.metrics.host }, 'metrics listening');
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight turns');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    stopJobs();
    stopCampaigns();
    await broadcastWorkers.close();
    clearInterval(purge);
    metricsServer?.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await bot.engine.drain();
    await bot.close();
    await closed;
    await redis.quit().catch(() => redis.disconnect());
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
