/**
 * `npm run bench:load`: the bot's webhook intake against a bare baseline, on loopback only.
 *
 * Starts a private redis-server, local stand-ins of the Zalo and Graph APIs (stand-ins.ts), (a) the
 * baseline (baseline.ts: express + ioredis, same JSON, one SET NX and one GET) and (b) the bot
 * (src/main.ts, Zalo and Messenger on, LOG_LEVEL info to /dev/null), each as its own process.
 * autocannon drives both at the same concurrency with signed webhooks, each with a new message id and
 * a new user (so the per-user rate limit never applies); then pace.ts sends a steady RATE a second.
 * Prints acks/s, ack latency, replies delivered per second end to end, replies lost or duplicated,
 * peak RSS and the bot/baseline ratio. Not a test: nothing fails.
 *
 * Options (environment): BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_RATE (1000),
 * BENCH_LOG_LEVEL (the bot's, default info), BENCH_NODE_ARGS (extra node flags for the bot, e.g. --cpu-prof).
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { freePort, startNodeProcess, TestRedisServer } from '../helpers/processes.js';
import { pace, type PacedResult } from './pace.js';
import type { Counts } from './stand-ins.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 1000);

const ZALO = { appId: '1000000000000000001', oaSecretKey: 'bench-oa-secret-key', appSecret: 'bench-app-secret' };
const META = { appSecret: 'bench-fb-app-secret', pageToken: 'bench-page-token', verifyToken: 'bench-verify', pageId: '105000000000001' };

/** One signed webhook: path, headers, body, and the message id and user it carries. */
interface Webhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  channel: 'zalo' | 'messenger';
  userId: string;
}

let seq = 0;
/** The next webhook, Zalo and Messenger in turn, each with a fresh message id and a fresh user. */
function nextWebhook(): Webhook {
  const n = ++seq;
  const ts = String(Date.now());
  if (n % 2 === 0) {
    const userId = `24${String(9_000_000_000_000_000 + n)}`;
    const body = JSON.stringify({
      app_id: ZALO.appId,
      user_id_by_app: '5500000000000000001',
      event_name: 'user_send_text',
      timestamp: ts,
      sender: { id: userId },
      recipient: { id: '3800000000000000001' },
      message: { msg_id: `bench${n.toString(16).padStart(12, '0')}`, text: 'menu' },
    });
    const mac = createHash('sha256').update(ZALO.appId).update(body).update(ts).update(ZALO.oaSecretKey).digest('hex');
    return { path: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` }, body, channel: 'zalo', userId };
  }
  const userId = `7${String(100_000_000_000_000 + n)}`;
  const event = { sender: { id: userId }, recipient: { id: META.pageId }, timestamp: Number(ts), message: { mid: `m_bench${n}`, text: 'menu' } };
  const body = JSON.stringify({ object: 'page', entry: [{ id: META.pageId, time: Number(ts), messaging: [event] }] });
  const sig = `sha256=${createHmac('sha256', META.appSecret).update(body).digest('hex')}`;
  return { path: '/webhooks/messenger', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body, channel: 'messenger', userId };
}

/** Starts `script` as its own process (stderr shown, so a crash is visible). */
const startProcess = (script: string, env: Record<string, string>, nodeArgs: string[] = []) => startNodeProcess(script, env, { nodeArgs, stderr: 'inherit' });

/** Peak resident set of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number | undefined): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** CPU time a process used so far (user + system), ms. */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

interface Phase {
  result: autocannon.Result;
  /** Webhooks answered 200, by channel and user. */
  acked: Webhook[];
  startedAt: number;
}

/** Drives `url` for SECONDS at CONNECTIONS connections (and `rate` requests/s overall when given). */
async function drive(url: string, rate?: number): Promise<Phase> {
  const acked: Webhook[] = [];
  const startedAt = Date.now();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const w = nextWebhook();
          (context as { webhook?: Webhook }).webhook = w;
          return { ...req, method: 'POST', path: w.path, headers: w.headers, body: w.body };
        },
        onResponse: (status, _body, context) => {
          const w = (context as { webhook?: Webhook }).webhook;
          if (status === 200 && w) acked.push(w);
        },
      },
    ],
  });
  return { result, acked, startedAt };
}

/** What both stand-ins counted so far. */
type Sent = Record<'zalo' | 'graph', Counts>;
const total = (c: Sent) => c.zalo.total + c.graph.total;

/** Waits until the stand-ins received nothing new for 2 s (and at most 120 s); returns their counts. */
async function settle(standIns: string): Promise<Sent> {
  const counts = async () => (await (await fetch(`${standIns}/counts`)).json()) as Sent;
  const deadline = Date.now() + 120_000;
  let last = await counts();
  while (Date.now() < deadline) {
    await sleep(2000);
    const now = await counts();
    if (total(now) === total(last)) return now;
    last = now;
  }
  return last;
}

/** Replies per acknowledged webhook: lost (none) and duplicated (more than one turn's worth). */
function account(acked: Webhook[], perTurn: Record<Webhook['channel'], number>, sent: Sent) {
  let lost = 0;
  let duplicated = 0;
  let answered = 0;
  for (const w of acked) {
    const got = (w.channel === 'zalo' ? sent.zalo : sent.graph).sends[w.userId] ?? 0;
    if (got === 0) lost += 1;
    else if (got > perTurn[w.channel]) duplicated += 1;
    else answered += 1;
  }
  return { lost, duplicated, answered };
}

/** The steady-rate phase: RATE webhooks a second for SECONDS, open loop. */
async function paced(url: string): Promise<Phase & { paced: PacedResult }> {
  const acked: Webhook[] = [];
  const startedAt = Date.now();
  const result = await pace(url, RATE, SECONDS, nextWebhook, (w) => acked.push(w));
  return { paced: result, acked, startedAt, result: undefined as never };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function pacedLine(name: string, r: PacedResult): string {
  return `${name.padEnd(26)} acks/s ${fmt(r.okPerSecond).padStart(7)}  p50 ${fmt(r.p50, 1).padStart(6)} ms  p99 ${fmt(r.p99, 1).padStart(6)} ms  max ${fmt(r.max, 0)} ms  non-2xx ${r.non2xx}  errors ${r.errors}`;
}

function ackLine(name: string, r: autocannon.Result): string {
  const acks = r['2xx'] / (r.duration || SECONDS);
  return `${name.padEnd(26)} acks/s ${fmt(acks).padStart(7)}  p50 ${fmt(r.latency.p50, 1).padStart(6)} ms  p99 ${fmt(r.latency.p99, 1).padStart(6)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  timeouts ${r.timeouts}`;
}

async function main(): Promise<void> {
  const redis = new TestRedisServer(await freePort());
  await redis.start();
  const standIns = await startProcess('test/bench/stand-ins.ts', {});
  const urls = (await (await fetch(`${standIns.url}/urls`)).json()) as { zalo: string; graph: string };
  const stops: (() => Promise<unknown>)[] = [() => redis.stop(), () => standIns.stop()];
  try {
    console.log(`load benchmark: ${SECONDS} s per phase, ${CONNECTIONS} connections, fixed-rate phases at ${RATE}/s, node ${process.version}`);

    const baseline = await startProcess('test/bench/baseline.ts', { REDIS_URL: redis.url });
    stops.unshift(baseline.stop);
    await drive(baseline.url).then(() => undefined, () => undefined); // warm-up, not counted
    let cpu = cpuMs(baseline.proc.pid);
    const base = await drive(baseline.url);
    const baseCpu = (cpuMs(baseline.proc.pid) - cpu) / base.acked.length;
    const baseRate = await drive(baseline.url, RATE);
    const basePaced = await paced(baseline.url);
    const baseRss = peakRssMb(baseline.proc.pid);
    await baseline.stop();
    stops.shift();

    const botEnv = {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      APP_SECRET: 'bench-secret-bench-secret-bench-secret-1',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'bench',
      ZALO_APP_ID: ZALO.appId,
      ZALO_APP_SECRET: ZALO.appSecret,
      ZALO_OA_SECRET_KEY: ZALO.oaSecretKey,
      ZALO_ACCESS_TOKEN: 'bench-access-token',
      ZALO_REFRESH_TOKEN: 'bench-refresh-token',
      ZALO_API_BASE_URL: urls.zalo,
      ZALO_OAUTH_BASE_URL: urls.zalo,
      FB_PAGE_ACCESS_TOKEN: META.pageToken,
      FB_APP_SECRET: META.appSecret,
      FB_VERIFY_TOKEN: META.verifyToken,
      FB_GRAPH_API_URL: urls.graph,
    };
    // The webhook path alone (worker off, its own prefix so nothing ever processes these events).
    const ackOnly = await startProcess('test/bench/bot-ack-only.ts', { ...botEnv, REDIS_KEY_PREFIX: 'bench-ack' });
    stops.unshift(ackOnly.stop);
    await drive(ackOnly.url);
    cpu = cpuMs(ackOnly.proc.pid);
    const ack = await drive(ackOnly.url);
    const ackCpu = (cpuMs(ackOnly.proc.pid) - cpu) / ack.acked.length;
    await ackOnly.stop();
    stops.shift();

    const bot = await startProcess('src/main.ts', botEnv, (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
    stops.unshift(bot.stop);
    // One phase first: how many messages one turn sends, and a warm JIT.
    const warm = await drive(bot.url);
    let sent = await settle(standIns.url);
    const perTurn = {
      zalo: Math.min(...warm.acked.filter((w) => w.channel === 'zalo').map((w) => sent.zalo.sends[w.userId] ?? Infinity)),
      messenger: Math.min(...warm.acked.filter((w) => w.channel === 'messenger').map((w) => sent.graph.sends[w.userId] ?? Infinity)),
    };
    /** Runs one phase against the bot, waits for its replies, and accounts for them. */
    const phase = async <P extends Phase>(run: () => Promise<P>) => {
      const p = await run();
      sent = await settle(standIns.url);
      const end = Math.max(sent.zalo.lastSendAt, sent.graph.lastSendAt);
      return { ...p, ...account(p.acked, perTurn, sent), seconds: (end - p.startedAt) / 1000 };
    };
    cpu = cpuMs(bot.proc.pid);
    const max = await phase(() => drive(bot.url));
    const botCpu = (cpuMs(bot.proc.pid) - cpu) / max.acked.length;
    const fixed = await phase(() => drive(bot.url, RATE));
    const steady = await phase(() => paced(bot.url));
    const warmAcc = account(warm.acked, perTurn, sent);
    const botRss = peakRssMb(bot.proc.pid);

    console.log('');
    console.log('acknowledgements (autocannon, closed loop at the same concurrency; rate phase = autocannon overallRate)');
    console.log(ackLine('baseline, max rate', base.result));
    console.log(ackLine(`baseline, ${RATE}/s autocannon`, baseRate.result));
    console.log(ackLine('bot ack path only, max', ack.result));
    console.log(ackLine('bot, max rate', max.result));
    console.log(ackLine(`bot, ${RATE}/s autocannon`, fixed.result));
    console.log(`acknowledgements at a steady ${RATE}/s (pace.ts, open loop, latency from the scheduled send time)`);
    console.log(pacedLine(`baseline, ${RATE}/s steady`, basePaced.paced));
    console.log(pacedLine(`bot, ${RATE}/s steady`, steady.paced));
    console.log('');
    console.log(`messages sent per turn: zalo ${perTurn.zalo}, messenger ${perTurn.messenger}`);
    for (const [name, p] of [['max rate', max], [`${RATE}/s autocannon`, fixed], [`${RATE}/s steady`, steady]] as const) {
      console.log(`bot, ${name}: replies delivered/s end to end ${fmt(p.answered / p.seconds)} (${p.answered} turns answered in ${fmt(p.seconds, 1)} s)`);
    }
    const all = [warmAcc, max, fixed, steady];
    const lost = all.reduce((n, a) => n + a.lost, 0);
    const dup = all.reduce((n, a) => n + a.duplicated, 0);
    console.log(`replies lost ${lost}, duplicated ${dup} (of ${warm.acked.length + max.acked.length + fixed.acked.length + steady.acked.length} acknowledged webhooks)`);
    console.log(`peak RSS: bot ${botRss} MB, baseline ${baseRss} MB`);
    console.log(`CPU per webhook: baseline ${fmt(baseCpu * 1000)} µs, bot ack path ${fmt(ackCpu * 1000)} µs, bot ack + turn + reply ${fmt(botCpu * 1000)} µs`);
    const ratio = max.result['2xx'] / max.result.duration / (base.result['2xx'] / base.result.duration);
    console.log(`bot/baseline ack throughput at ${CONNECTIONS} connections: ${fmt(ratio, 2)} (target >= 0.60)`);
    const ackRatio = ack.result['2xx'] / ack.result.duration / (base.result['2xx'] / base.result.duration);
    console.log(`bot ack path alone (worker off)/baseline: ${fmt(ackRatio, 2)}`);
    console.log(`p99 ack latency at ${RATE}/s: steady ${fmt(steady.paced.p99, 1)} ms, autocannon ${fmt(fixed.result.latency.p99, 1)} ms (target < 50 ms)`);
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

await main();
