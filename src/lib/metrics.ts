/** Prometheus metrics (prom-client), one registry per server so tests can build several. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  turns: Counter<'channel'>;
  replies: Counter<'channel'>;
  errors: Counter<'where'>;
  turnSeconds: Histogram<'channel'>;
}

/** Builds the registry with the default process metrics and the bot's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    turns: new Counter({ name: 'bot_turns_total', help: 'Conversation turns handled', labelNames: ['channel'], registers: [registry] }),
    replies: new Counter({ name: 'bot_replies_sent_total', help: 'Replies sent to users', labelNames: ['channel'], registers: [registry] }),
    errors: new Counter({ name: 'bot_errors_total', help: 'Errors by where they happened', labelNames: ['where'], registers: [registry] }),
    turnSeconds: new Histogram({
      name: 'bot_turn_duration_seconds',
      help: 'Time to handle one turn, from input to replies',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

/**
 * A gauge read at scrape time: `read` returns the current value of each label set. A failed read
 * (Redis down) leaves the gauge empty for that scrape instead of failing `/metrics`.
 */
export function scrapeGauge<L extends string>(
  metrics: Metrics,
  opts: { name: string; help: string; labelNames?: readonly L[] },
  read: () => Promise<[Partial<Record<L, string>>, number][]>,
): Gauge<L> {
  return new Gauge<L>({
    name: opts.name,
    help: opts.help,
    labelNames: opts.labelNames ?? [],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      const values = await read().catch(() => []);
      for (const [labels, value] of values) this.set(labels, value);
    },
  });
}
