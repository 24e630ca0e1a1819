/**
 * `npm run stats:backfill`: rebuilds the statistics' counters from what Redis still stores (reports,
 * sign-ups, broadcasts, unanswered questions, subscribers; see src/stats/backfill.ts), raising counters
 * only, so it is safe to run again and on a running bot; then says what it rebuilt and what it cannot.
 */
import { runCli, withRedis } from './run.js';
import { loadConfig, type Config } from '../config.js';
import { forDeployment } from '../festival/data.js';
import { TOPICS } from '../festival/faq-broadcasts.js';
import { loadContent, type Content } from '../festival/load.js';
import { MAX_QUESTIONS } from '../faq/unanswered.js';
import { deriveKeys } from '../lib/crypto.js';
import { backfillStats, type BackfillSources } from '../stats/backfill.js';
import { dayFormatter } from '../stats/recorder.js';
import type { Redis } from '../store/redis/client.js';
import { createRedisBroadcastStore } from '../store/redis/broadcasts.js';
import { createRedisSignupStore } from '../store/redis/events.js';
import { createRedisReportStore } from '../store/redis/reports.js';
import { createRedisStatsStore } from '../store/redis/stats.js';
import { createRedisSubscriptionStore } from '../store/redis/subscriptions.js';
import { createRedisUnansweredStore } from '../store/redis/unanswered.js';

/** What the stored records are, read through the stores' own ports. */
function sources(redis: Redis, config: Readonly<Config>, content: Content): BackfillSources {
  const prefix = config.redisKeyPrefix;
  const { encryption } = deriveKeys(config.appSecret);
  const reports = createRedisReportStore(redis, prefix, encryption);
  const signups = createRedisSignupStore(redis, prefix, encryption);
  const broadcasts = createRedisBroadcastStore(redis, prefix);
  const subscriptions = createRedisSubscriptionStore(redis, prefix);
  return {
    async reports() {
      const out = [];
      for (const code of await reports.codes()) {
        const r = await reports.get(code);
        if (r) out.push({ ...r, thread: (await reports.thread(code)).map((m) => m.from) });
      }
      return out;
    },
    events: () => forDeployment(content.data, config.demoContent).events.events,
    signups: (eventId) => signups.all(eventId),
    async broadcasts() {
      const found = await Promise.all((await broadcasts.recent(1_000_000)).map((id) => broadcasts.report(id)));
      return found.filter((r) => r !== undefined);
    },
    unanswered: () => createRedisUnansweredStore(redis, prefix).top(MAX_QUESTIONS),
    async subscribers() {
      const keys = new Set<string>();
      for (const topic of TOPICS) for await (const batch of subscriptions.scan(topic)) for (const r of batch) keys.add(r.userKey);
      const out = [];
      for (const key of keys) {
        const s = await subscriptions.get(key);
        if (s) out.push(s);
      }
      return out;
    },
  };
}

/** Runs the backfill over one deployment's Redis; prints what it did. Returns the exit code. */
export async function runStatsBackfill(redis: Redis, config: Readonly<Config>, content: Content, out: (text: string) => void): Promise<number> {
  const store = createRedisStatsStore(redis, config.redisKeyPrefix, { retentionDays: config.stats.retentionDays });
  const r = await backfillStats(store, sources(redis, config, content), dayFormatter(content.data.calendar.timezone));
  out(
    [
      `Rebuilt from what is stored (counters only raised; ${r.days} days touched):`,
      `  reports still kept: ${r.reports} (received, status, closes and their times, questions and answers, escalations); time to first claim for ${r.claimTimes} of them`,
      `  sign-ups: ${r.signups} at ${r.events} events (confirmed, people, waiting, cancelled, checked in)`,
      `  broadcasts whose report is still kept (90 days): ${r.broadcasts} (started; deliveries counted on the day each started)`,
      `  unanswered questions still kept (${config.unansweredRetentionDays} days): ${r.unanswered} (one each on the last day it was asked; earlier asks are not dated)`,
      `  subscribers now: ${r.subscribers} (on the day each first subscribed, for the topics held now)`,
      'Cannot be rebuilt (nothing stored holds them):',
      `  reports purged after REPORT_RETENTION_DAYS (${config.reports.retentionDays}) and their counts before counting began;`,
      `  the time to first claim of ${r.reports - r.claimTimes} kept reports (not claimed yet, or claimed before the claim time was kept);`,
      '  broadcasts older than 90 days; FAQ questions answered; people who talked to the bot (only day-bound counts exist, by design);',
      '  pages viewed; people who unsubscribed.',
      '',
    ].join('\n'),
  );
  return 0;
}

async function main(): Promise<number> {
  const config = loadConfig();
  const content = loadContent(config.contentDir);
  return withRedis(config, (redis) => runStatsBackfill(redis, config, content, (t) => process.stdout.write(t)));
}

runCli('stats:backfill', import.meta.url, main);
