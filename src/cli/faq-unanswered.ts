/**
 * `npm run faq:unanswered [-- --limit 50]`: the questions the FAQ could not answer, most asked first,
 * as `count<TAB>last day asked<TAB>question` (normalised, masked text; no user data is kept). Each read
 * is recorded in the staff audit log, like a read on the dashboard.
 */
import { runCli, withRedis } from './run.js';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createUnanswered, type Unanswered } from '../faq/unanswered.js';
import { createRedisAuditLog } from '../store/redis/staff.js';
import { createRedisUnansweredStore } from '../store/redis/unanswered.js';

/** Runs the command over a store; returns the exit code. */
export async function runFaqUnanswered(args: string[], store: Pick<Unanswered, 'top'>, out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { limit: { type: 'string', default: '50' } } });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    out('usage: npm run faq:unanswered -- [--limit 1..500]\n');
    return 2;
  }
  const rows = await store.top(limit);
  if (rows.length === 0) out('No unanswered questions recorded.\n');
  else out(`${['count\tlast asked\tquestion', ...rows.map((r) => `${r.count}\t${r.lastAsked ?? '-'}\t${r.question}`)].join('\n')}\n`);
  return 0;
}

async function main(): Promise<number> {
  const config = loadConfig();
  return withRedis(config, async (redis) => {
    await createRedisAuditLog(redis, config.redisKeyPrefix).append({ actor: '(command line)', action: 'unanswered_read', detail: 'npm run faq:unanswered' });
    const store = createUnanswered(createRedisUnansweredStore(redis, config.redisKeyPrefix), { retentionDays: config.unansweredRetentionDays });
    return runFaqUnanswered(process.argv.slice(2), store, (t) => process.stdout.write(t));
  });
}

runCli('faq:unanswered', import.meta.url, main);
