/**
 * `npm run bench:load`: the bot's webhook intake against a bare baseline, on loopback only.
 *
 * Starts a private redis-server, local stand-ins of the Zalo and Graph APIs, (a) the baseline
 * (baseline.ts: express + ioredis, same JSON, one SET NX and one GET) and (b) the bot (src/main.ts,
 * Zalo and Messenger on, LOG_LEVEL info to /dev/null), each as its own process. autocannon drives both
 * with the same concurrency and signed webhooks, each with a new message id and a new user (so the
 * per-user rate limit never applies). Prints acks/s, ack latency, replies delivered per second end to
 * end, replies lost or duplicated, peak RSS and the bot/baseline ratio. Not a test: nothing fails.
 *
 * Options (environment): BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_RATE (1000),
 * BENCH_LOG_LEVEL (the bot's, default info), BENCH_NODE_ARGS (extra node flags for the bot, e.g. --cpu-prof).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { freePort, TestRedisServer, waitFor } from '../helpers/processes.js';
import { graphStandIn, zaloStandIn, type StandIn } from './stand-ins.js';

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

/** Spawns a Node process running `script` through tsx and waits for its /healthz. */
async function startProcess(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<{ url: string; proc: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok, 30_000);
  return {
    url,
    proc,
    async stop() {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** Peak resident set of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number | undefined): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
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

/** Waits until the stand-ins received nothing new for 2 s (and at most 120 s). */
async function settle(...standIns: StandIn[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = -1;
  while (Date.now() < deadline) {
    const now = standIns.reduce((n, s) => n + s.total(), 0);
    if (now === last) return;
    last = now;
    await sleep(2000);
  }
}

/** Replies per acknowledged webhook: lost (none) and duplicated (more than one turn's worth). */
function account(acked: Webhook[], perTurn: Record<Webhook['channel'], number>, zalo: StandIn, graph: StandIn) {
  let lost = 0;
  let duplicated = 0;
  let answered = 0;
  for (const w of acked) {
    const got = (w.channel === 'zalo' ? zalo : graph).sends.get(w.userId) ?? 0;
    if (got === 0) lost += 1;
    else if (got > perTurn[w.channel]) duplicated += 1;
    else answered += 1;
  }
  return { lost, duplicated, answered };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function ackLine(name: string, r: autocannon.Result): string {
  const acks = r['2xx'] / (r.duration || SECONDS);
  return `${name.padEnd(26)} acks/s ${fmt(acks).padStart(7)}  p50 ${fmt(r.latency.p50, 1).padStart(6)} ms  p99 ${fmt(r.latency.p99, 1).padStart(6)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  timeouts ${r.timeouts}`;
}

async function main(): Promise<void> {
  const redis = new TestRedisServer(await freePort());
  await redis.start();
  const zalo = await zaloStandIn();
  const graph = await graphStandIn();
  const stops: (() => Promise<void>)[] = [() => redis.stop(), () => zalo.close(), () => graph.close()];
  try {
    console.log(`load benchmark: ${SECONDS} s per phase, ${CONNECTIONS} connections, fixed-rate phase at ${RATE}/s, node ${process.version}`);

    const baseline = await startProcess('test/bench/baseline.ts', { REDIS_URL: redis.url });
    stops.unshift(baseline.stop);
    await drive(baseline.url).then(() => undefined, () => undefined); // warm-up, not counted
    const base = await drive(baseline.url);
    const baseRate = await drive(baseline.url, RATE);
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
      ZALO_API_BASE_URL: zalo.url,
      ZALO_OAUTH_BASE_URL: zalo.url,
      FB_PAGE_ACCESS_TOKEN: META.pageToken,
      FB_APP_SECRET: META.appSecret,
      FB_VERIFY_TOKEN: META.verifyToken,
      FB_GRAPH_API_URL: graph.url,
    };
    // The webhook path alone (worker off, its own prefix so nothing ever processes these events).
    const ackOnly = await startProcess('test/bench/bot-ack-only.ts', { ...botEnv, REDIS_KEY_PREFIX: 'bench-ack' });
    stops.unshift(ackOnly.stop);
    await drive(ackOnly.url);
    const ack = await drive(ackOnly.url);
    await ackOnly.stop();
    stops.shift();

    const bot = await startProcess('src/main.ts', botEnv, (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
    stops.unshift(bot.stop);
    // One turn per channel first: how many messages one turn sends, and a warm JIT.
    const warm = await drive(bot.url);
    await settle(zalo, graph);
    const perTurn = {
      zalo: Math.min(...warm.acked.filter((w) => w.channel === 'zalo').map((w) => zalo.sends.get(w.userId) ?? Infinity)),
      messenger: Math.min(...warm.acked.filter((w) => w.channel === 'messenger').map((w) => graph.sends.get(w.userId) ?? Infinity)),
    };

    const max = await drive(bot.url);
    await settle(zalo, graph);
    const maxEnd = Math.max(zalo.lastSendAt, graph.lastSendAt);
    const maxAcc = account(max.acked, perTurn, zalo, graph);

    const fixed = await drive(bot.url, RATE);
    await settle(zalo, graph);
    const fixedEnd = Math.max(zalo.lastSendAt, graph.lastSendAt);
    const fixedAcc = account(fixed.acked, perTurn, zalo, graph);
    const warmAcc = account(warm.acked, perTurn, zalo, graph);
    const botRss = peakRssMb(bot.proc.pid);

    console.log('');
    console.log(ackLine('baseline, max rate', base.result));
    console.log(ackLine(`baseline, ${RATE}/s`, baseRate.result));
    console.log(ackLine('bot ack path only, max', ack.result));
    console.log(ackLine('bot, max rate', max.result));
    console.log(ackLine(`bot, ${RATE}/s`, fixed.result));
    console.log('');
    console.log(`messages sent per turn: zalo ${perTurn.zalo}, messenger ${perTurn.messenger}`);
    console.log(`bot, max rate: replies delivered/s end to end ${fmt(maxAcc.answered / ((maxEnd - max.startedAt) / 1000))} (${maxAcc.answered} turns answered in ${fmt((maxEnd - max.startedAt) / 1000, 1)} s)`);
    console.log(`bot, ${RATE}/s: replies delivered/s end to end ${fmt(fixedAcc.answered / ((fixedEnd - fixed.startedAt) / 1000))} (${fixedAcc.answered} turns answered in ${fmt((fixedEnd - fixed.startedAt) / 1000, 1)} s)`);
    const lost = warmAcc.lost + maxAcc.lost + fixedAcc.lost;
    const dup = warmAcc.duplicated + maxAcc.duplicated + fixedAcc.duplicated;
    console.log(`replies lost ${lost}, duplicated ${dup} (of ${warm.acked.length + max.acked.length + fixed.acked.length} acknowledged webhooks)`);
    console.log(`peak RSS: bot ${botRss} MB, baseline ${baseRss} MB`);
    const ratio = max.result['2xx'] / max.result.duration / (base.result['2xx'] / base.result.duration);
    console.log(`bot/baseline ack throughput at ${CONNECTIONS} connections: ${fmt(ratio, 2)} (target >= 0.60)`);
    const ackRatio = ack.result['2xx'] / ack.result.duration / (base.result['2xx'] / base.result.duration);
    console.log(`bot ack path alone (worker off)/baseline: ${fmt(ackRatio, 2)}`);
    console.log(`p99 ack latency at ${RATE}/s: ${fmt(fixed.result.latency.p99, 1)} ms (target < 50 ms)`);
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

await main();
