/**
 * `npm run stats:backfill`: after the statistics' counters are lost, the month of known activity is
 * rebuilt from what Redis still stores (reports, sign-ups, broadcasts, unanswered questions,
 * subscribers) to the same figures, except what no stored record holds, which the command names. A
 * run over intact counters, and a second run, change nothing.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatsBackfill } from '../../src/cli/stats-backfill.js';
import { content, startBot, type TestBot } from '../helpers/bot.js';
import { deleteKeys } from '../helpers/redis.js';
import { addStaff, EXPECTED, fillJuly2027, login, PERIOD, testClock } from '../helpers/stats-activity.js';
import { isolateNetwork, ZALO_ENV } from '../helpers/zalo.js';

let bot: TestBot;
const clock = testClock(new Date('2027-07-01T00:00:00Z'));

beforeAll(async () => {
  isolateNetwork();
  bot = await startBot('statsbackfill', { ...ZALO_ENV }, clock.now);
  await addStaff(bot);
  await fillJuly2027(bot, clock);
}, 90_000);
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await bot?.cleanup();
});

async function figures() {
  const { agent } = await login(bot, 'chi-huy');
  return (await agent.get(`/api/admin/stats?from=${PERIOD.from}&to=${PERIOD.to}`).expect(200)).body;
}
const statsKeys = async () => (await bot.keysInRedis()).filter((k) => k.includes(':stats:'));
const backfill = async () => {
  let text = '';
  expect(await runStatsBackfill(bot.redis, bot.config, content, (t) => (text += t))).toBe(0);
  return text;
};

describe('stats:backfill', () => {
  it('changes nothing over counters kept as things happened, and rebuilds them once lost', async () => {
    const counted = await figures();
    const dump = (await bot.dumpRedis())
      .split('\n')
      .filter((l) => l.includes(':stats:'))
      .sort();
    await backfill();
    expect(await figures()).toEqual(counted);

    await deleteKeys(bot.redis, await statsKeys());
    expect((await figures()).reports.total).toBe(0);
    const said = await backfill();
    const rebuilt = await figures();
    expect(rebuilt.reports).toEqual(counted.reports);
    expect(rebuilt.events).toEqual(counted.events);
    expect(rebuilt.broadcasts).toEqual(counted.broadcasts);
    expect(rebuilt.reach.newSubscribers).toEqual(EXPECTED.reach.newSubscribers);
    expect(rebuilt.faq.unanswered).toBe(EXPECTED.faq.unanswered);
    // What no stored record holds stays unknown, and the command says so.
    expect(rebuilt.reach.usersByChannel).toEqual({ zalo: 0, messenger: 0, web: 0 });
    expect(rebuilt.faq.answered).toBe(0);
    expect(said).toContain('reports still kept: 9');
    expect(said).toContain('time to first claim for 4 of them');
    expect(said).toContain('sign-ups: 5 at 2 events');
    expect(said).toContain('broadcasts whose report is still kept (90 days): 1');
    expect(said).toMatch(/Cannot be rebuilt[\s\S]*people who talked to the bot/);

    const again = (await bot.dumpRedis())
      .split('\n')
      .filter((l) => l.includes(':stats:'))
      .sort();
    await backfill();
    expect(
      (await bot.dumpRedis())
        .split('\n')
        .filter((l) => l.includes(':stats:'))
        .sort(),
    ).toEqual(again);
    expect(dump.length).toBeGreaterThan(0);
  });
});
