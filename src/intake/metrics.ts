/** The intake's scrape-time gauges: events waiting in the queue, and users whose events over the limit are held. */
import { scrapeGauge, type Metrics } from '../lib/metrics.js';
import type { IntakeQueue } from './ports.js';

export function observeIntake(metrics: Metrics, queue: Pick<IntakeQueue, 'length' | 'heldUsers'>): void {
  scrapeGauge(metrics, { name: 'bot_intake_queue_depth', help: 'Accepted webhook events not yet processed (intake stream length)' }, async () => [
    [{}, await queue.length()],
  ]);
  scrapeGauge(
    metrics,
    { name: 'bot_intake_held_users', help: 'Users whose webhook events over the per-user limit are kept until their minute ends' },
    async () => [[{}, await queue.heldUsers()]],
  );
}
