/**
 * `npm run broadcast -- <campaign-id> [--work]`: starts a campaign of content/broadcasts.yaml for its
 * topic's subscribers and prints its report. Deliveries run in the bot's broadcast workers; with
 * `--work` this process runs them too and waits until the report says done.
 * `npm run broadcast -- --list` lists the campaigns; `npm run broadcast -- <id> --status` prints a report.
 */
import { runCli } from './run.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Broadcasts } from '../broadcast/index.js';
import type { BroadcastReport } from '../broadcast/types.js';
import { loadConfig } from '../config.js';
import { loadContent } from '../festival/load.js';
import { createLogger } from '../lib/logger.js';
import { createServer } from '../server.js';
import { createRedisClient, waitForRedis } from '../store/redis/client.js';

export const USAGE = `usage: npm run broadcast -- <campaign-id> [--work] | <campaign-id> --status | --list
`;

/** One line per figure of a report. */
export function formatReport(r: BroadcastReport): string {
  return [
    `broadcast ${r.id} (${r.topic}): ${r.status}${r.finishedAt ? ` at ${r.finishedAt}` : ''}`,
    `  subscribers ${r.targeted}, eligible ${r.eligible}, sent ${r.sent}, skipped by window ${r.skippedWindow}, unsubscribed ${r.unsubscribed}, failed ${r.failed}, pending ${r.pending}${r.uncertain ? `, uncertain ${r.uncertain}` : ''}`,
  ].join('\n');
}

/** Runs the command; `pollMs` paces `--work`. Returns the exit code. */
export async function runBroadcastCli(args: string[], broadcasts: Broadcasts, out: (text: string) => void, pollMs = 1000): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { list: { type: 'boolean' }, status: { type: 'boolean' }, work: { type: 'boolean' } },
  });
  if (values.list) {
    for (const c of broadcasts.campaigns()) out(`${c.id}\t${c.at.toISOString()}\t${c.topic}\t${(await broadcasts.report(c.id))?.status ?? 'not started'}\n`);
    return 0;
  }
  const id = positionals[0];
  if (!id || positionals.length > 1) {
    out(USAGE);
    return 2;
  }
  if (values.status) {
    const r = await broadcasts.report(id);
    out(r ? `${formatReport(r)}\n` : `no broadcast ${id}\n`);
    return r ? 0 : 1;
  }
  const started = await broadcasts.startCampaign(id, 'cli');
  if (!started.ok && started.error === 'unknown_campaign') {
    out(`no campaign ${id} in content/broadcasts.yaml (see --list)\n`);
    return 1;
  }
  out(started.ok ? `started ${id}\n` : `${id} was started before; nothing sent again\n`);
  if (values.work) {
    const workers = broadcasts.runWorkers();
    try {
      for (let r = await broadcasts.report(id); r && r.status !== 'done'; r = await broadcasts.report(id)) {
        out(`  ${r.targeted - r.pending}/${r.targeted} settled\n`);
        await sleep(pollMs);
      }
    } finally {
      await workers.close();
    }
  }
  const report = await broadcasts.report(id);
  if (report) out(`${formatReport(report)}\n`);
  return 0;
}

async function main(): Promise<number> {
  const config = loadConfig();
  const content = loadContent(config.contentDir);
  const redis = createRedisClient(config);
  redis.on('error', () => undefined);
  await waitForRedis(redis);
  const bot = createServer({ config, redis, logger: createLogger(config.logLevel), content });
  try {
    return await runBroadcastCli(process.argv.slice(2), bot.broadcasts, (t) => process.stdout.write(t));
  } finally {
    await bot.close();
    redis.disconnect();
  }
}

runCli('broadcast', import.meta.url, main);
