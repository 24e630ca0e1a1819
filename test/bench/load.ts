/**
 * `npm run bench:load`: the bot's webhook intake against a bare baseline, on loopback only.
 *
 * Starts a private redis-server, local stand-ins of the Zalo and Graph APIs (stand-ins.ts, their own
 * process) and, each in its own process: (a) the baseline (baseline.ts: express + ioredis, same JSON,
 * one SET NX and one GET), (b) the bot's webhook path alone (INTAKE_WORKER=false), (c) the bot as one
 * process (src/main.ts, Zalo and Messenger on, LOG_LEVEL info to /dev/null) and (d) the bot as a web
 * process plus a worker process at nice 10. After a warm-up, each round drives every target in turn
 * with autocannon at the same concurrency (signed webhooks, each with a new message id and a new user,
 * so the per-user rate limit never applies), waits for the replies, then sends a steady RATE a second
 * (pace.ts: a 1 s ramp that opens the connections, then SECONDS measured) to the baseline and both bots. Interleaving makes a slow spell of this shared machine hit
 * every target alike; medians are printed. Prints acks/s, ack latency, replies delivered per second end
 * to end, replies lost or duplicated, peak RSS, CPU per webhook, hypervisor steal and the ratios to the
 * baseline (each round's ratio to the baseline's run of that round, then their median). Not a test: nothing fails.
 *
 * Options (environment): BENCH_ROUNDS (3), BENCH_SECONDS (6), BENCH_CONNECTIONS (50), BENCH_RATE (1000),
 * BENCH_LOG_LEVEL (the bot's, default info), BENCH_NODE_ARGS (extra node flags for the bot, e.g. --cpu-prof),
 * BENCH_WORKER_NICE (10: the nice value of the web + worker target's worker).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { startNodeProcess, type NodeProcess } from '../helpers/processes.js';
import { startRig } from './rig.js';
import { pace, type PacedResult } from './pace.js';
import { cpuMs, machineTicks, peakRssMb } from './proc.js';
import type { Counts } from './stand-ins.js';
import { botEnv as benchBotEnv, messengerWebhook, type Webhook, zaloWebhook } from './webhooks.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 1000);

let seq = 0;
/** The next webhook, Zalo and Messenger in turn, each with a fresh message id and a fresh user. */
function nextWebhook(): Webhook {
  const n = ++seq;
  if (n % 2 === 0) return zaloWebhook(`24${String(9_000_000_000_000_000 + n)}`, `bench${n.toString(16).padStart(12, '0')}`, 'menu');
  return messengerWebhook(`7${String(100_000_000_000_000 + n)}`, `m_bench${n}`, 'menu');
}

/** What is kept of an acknowledged webhook (not its body: a big heap would stall the load generator). */
type Acked = Pick<Webhook, 'channel' | 'userId'>;

/** One phase against one target: the webhooks answered 200, and when it began. */
interface Phase {
  acked: Acked[];
  startedAt: number;
}

/** A phase driven by autocannon, with its result. */
type Driven = Phase & { result: autocannon.Result };

/** Drives `url` for SECONDS at CONNECTIONS connections (and `rate` requests/s overall when given). */
async function drive(url: string, rate?: number): Promise<Driven> {
  const acked: Acked[] = [];
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
          if (status === 200 && w) acked.push({ channel: w.channel, userId: w.userId });
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
function account(acked: Acked[], perTurn: Record<Webhook['channel'], number>, sent: Sent) {
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
  const acked: Acked[] = [];
  const startedAt = Date.now();
  const result = await pace(url, RATE, SECONDS, nextWebhook, (w) => acked.push({ channel: w.channel, userId: w.userId }));
  return { paced: result, acked, startedAt };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function pacedLine(name: string, r: PacedResult): string {
  return `${name.padEnd(26)} acks/s ${fmt(r.okPerSecond).padStart(7)}  p50 ${fmt(r.p50, 1).padStart(6)} ms  p99 ${fmt(r.p99, 1).padStart(6)} ms  max ${fmt(r.max, 0)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  (with the ramp: p99 ${fmt(r.withRamp.p99, 1)} ms, max ${fmt(r.withRamp.max, 0)} ms, non-2xx ${r.withRamp.non2xx}, errors ${r.withRamp.errors}; load generator's own longest stall ${fmt(r.selfStallMs, 0)} ms)`;
}

function ackLine(name: string, r: autocannon.Result): string {
  const acks = r['2xx'] / (r.duration || SECONDS);
  return `${name.padEnd(26)} acks/s ${fmt(acks).padStart(7)}  p50 ${fmt(r.latency.p50, 1).padStart(6)} ms  p99 ${fmt(r.latency.p99, 1).padStart(6)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  timeouts ${r.timeouts}`;
}

/** One system under test: its processes (the first takes the webhooks) and what was measured on it. */
interface Target {
  name: string;
  procs: NodeProcess[];
  /** Whether it answers turns (false for the baseline and the webhook path alone). */
  replies: boolean;
  max: Driven[];
  steady: (Phase & { paced: PacedResult; loop?: { p99: number; max: number } })[];
  cpuMs: number;
}

/**
 * The event-loop delay of a bot process since the last call (prom-client resets its histogram on every
 * scrape of /metrics): shows whether a slow acknowledgement waited in the bot or in the machine.
 */
async function loopDelayMs(url: string): Promise<{ p99: number; max: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]) * 1000;
  return { p99: read('nodejs_eventloop_lag_p99_seconds'), max: read('nodejs_eventloop_lag_max_seconds') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const perSecond = (r: autocannon.Result) => r['2xx'] / (r.duration || SECONDS);
const cpuOf = (t: Target) => t.procs.reduce((n, p) => n + cpuMs(p.proc.pid), 0);

async function main(): Promise<void> {
  const { redis, store, standIns, urls, close } = await startRig();
  const procs: NodeProcess[] = [];
  const ticks = machineTicks();
  try {
    console.log(
      `load benchmark: ${ROUNDS} rounds of ${SECONDS} s phases, ${CONNECTIONS} connections, steady phases at ${RATE}/s (1 s ramp, then ${SECONDS} s measured), node ${process.version}`,
    );
    const botEnv = benchBotEnv(redis.url, urls);
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const start = async (script: string, env: Record<string, string>, options: { nice?: number; nodeArgs?: string[] } = {}) => {
      const p = await startNodeProcess(script, env, { stderr: 'inherit', ...options });
      procs.push(p);
      return p;
    };
    const target = (name: string, replies: boolean, ...ps: NodeProcess[]): Target => ({ name, procs: ps, replies, max: [], steady: [], cpuMs: 0 });
    const targets = [
      target('baseline', false, await start('test/bench/baseline.ts', { REDIS_URL: redis.url })),
      // The webhook path alone: INTAKE_WORKER=false and its own prefix, so nothing processes these events.
      target('bot ack path only', false, await start('src/main.ts', { ...botEnv, REDIS_KEY_PREFIX: 'bench-ack', INTAKE_WORKER: 'false' })),
      // As `npm start` runs it: webhooks and the intake worker share one process.
      target('bot, one process', true, await start('src/main.ts', { ...botEnv, REDIS_KEY_PREFIX: 'bench-one' }, { nodeArgs })),
      // The same code as two processes: one acknowledges (INTAKE_WORKER=false), one runs the turns at a
      // lower CPU priority (nice 10), so acknowledgements keep their speed while a burst waits in Redis.
      target(
        'bot, web + worker',
        true,
        await start('src/main.ts', { ...botEnv, REDIS_KEY_PREFIX: 'bench-two', INTAKE_WORKER: 'false' }, { nodeArgs }),
        await start('src/main.ts', { ...botEnv, REDIS_KEY_PREFIX: 'bench-two' }, { nice: Number(process.env.BENCH_WORKER_NICE ?? 10) }),
      ),
    ];
    const [baseline, ackOnly, one, two] = targets as [Target, Target, Target, Target];

    // Warm-up (not counted); it also shows how many messages one turn sends.
    const warm = await Promise.all(targets.map(async (t) => ({ t, phase: await drive(t.procs[0]!.url) })));
    let sent = await settle(standIns.url);
    const warmOne = warm.find((w) => w.t === one)!.phase;
    const perTurn = {
      zalo: Math.min(...warmOne.acked.filter((w) => w.channel === 'zalo').map((w) => sent.zalo.sends[w.userId] ?? Infinity)),
      messenger: Math.min(...warmOne.acked.filter((w) => w.channel === 'messenger').map((w) => sent.graph.sends[w.userId] ?? Infinity)),
    };

    // Rounds: every target in turn, so a slow spell of the machine hits them all alike; medians reported.
    const ends = new Map<Phase, number>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of targets) {
        const before = cpuOf(t);
        const p = await drive(t.procs[0]!.url);
        if (t.replies) sent = await settle(standIns.url);
        ends.set(p, Math.max(sent.zalo.lastSendAt, sent.graph.lastSendAt));
        t.cpuMs += cpuOf(t) - before;
        t.max.push(p);
        // Nothing processes the webhook path's events: empty its stream, or its backlog limit (503s) would end the run.
        if (t === ackOnly) await store.del('bench-ack:{intake}:stream');
      }
      for (const t of [baseline, one, two]) {
        if (t.replies) await loopDelayMs(t.procs[0]!.metricsUrl);
        const p: Target['steady'][number] = await paced(t.procs[0]!.url);
        if (t.replies) p.loop = await loopDelayMs(t.procs[0]!.metricsUrl);
        if (t.replies) sent = await settle(standIns.url);
        ends.set(p, Math.max(sent.zalo.lastSendAt, sent.graph.lastSendAt));
        t.steady.push(p);
      }
    }
    // autocannon's own rate option, once, to show why the steady phases use pace.ts.
    const burst = await drive(baseline.procs[0]!.url, RATE);

    sent = await settle(standIns.url);
    const now = machineTicks();
    // Each round's ratio to the baseline's run of the same round (seconds apart), then their median:
    // a slow spell of the machine slows both sides of a ratio alike.
    const ratios = (t: Target) => t.max.map((p, i) => perSecond(p.result) / perSecond(baseline.max[i]!.result));
    console.log('');
    console.log(`acknowledgements at max rate (autocannon, ${CONNECTIONS} connections; medians of ${ROUNDS} rounds)`);
    for (const t of targets) {
      const mid = [...t.max].sort((a, b) => perSecond(a.result) - perSecond(b.result))[Math.floor(t.max.length / 2)]!;
      const runs = t.max.map((p) => fmt(perSecond(p.result))).join(' / ');
      const r = ratios(t);
      console.log(`${ackLine(t.name, mid.result)}  (runs ${runs})  ratio ${fmt(median(r), 2)} (rounds ${r.map((x) => fmt(x, 2)).join(' / ')})`);
    }
    console.log(
      `acknowledgements at a steady ${RATE}/s (pace.ts: open loop, latency from the scheduled send time, measured after a 1 s ramp at the same rate; the median run by p99)`,
    );
    for (const t of [baseline, one, two]) {
      const mid = [...t.steady].sort((a, b) => a.paced.p99 - b.paced.p99)[Math.floor(t.steady.length / 2)]!;
      console.log(`${pacedLine(t.name, mid.paced)}  (p99 of runs ${t.steady.map((p) => fmt(p.paced.p99, 1)).join(' / ')} ms)`);
      if (t.replies)
        console.log(
          `${''.padEnd(27)}event-loop delay of its webhook process in those runs: p99 ${t.steady.map((p) => fmt(p.loop?.p99 ?? NaN, 1)).join(' / ')} ms, max ${t.steady.map((p) => fmt(p.loop?.max ?? NaN, 0)).join(' / ')} ms`,
        );
    }
    console.log(`${ackLine(`baseline, autocannon ${RATE}/s`, burst.result)}  (autocannon's overallRate sends each connection's quota for the second at once)`);
    console.log('');
    console.log(`messages sent per turn: zalo ${perTurn.zalo}, messenger ${perTurn.messenger}`);
    let acked = 0;
    let lost = 0;
    let dup = 0;
    for (const t of [one, two]) {
      const w = warm.find((x) => x.t === t)!.phase;
      for (const p of [w, ...t.max, ...t.steady]) {
        const a = account(p.acked, perTurn, sent);
        acked += p.acked.length;
        lost += a.lost;
        dup += a.duplicated;
      }
      const rate = (ps: Phase[]) => median(ps.map((p) => account(p.acked, perTurn, sent).answered / (((ends.get(p) ?? p.startedAt) - p.startedAt) / 1000)));
      console.log(
        `${t.name}: replies delivered/s end to end, median: ${fmt(rate(t.max))} in the max-rate rounds (acks outrun replies; the rest waits in Redis), ${fmt(rate(t.steady))} in the steady rounds`,
      );
    }
    console.log(`replies lost ${lost}, duplicated ${dup} (of ${acked} acknowledged webhooks)`);
    console.log(`peak RSS: ${targets.map((t) => `${t.name} ${t.procs.reduce((n, p) => n + peakRssMb(p.proc.pid), 0)} MB`).join(', ')}`);
    const cpuPer = (t: Target) => fmt((t.cpuMs * 1000) / t.max.reduce((n, p) => n + p.acked.length, 0));
    console.log(
      `CPU per webhook (all its processes, over the max-rate rounds, replies included): ${targets.map((t) => `${t.name} ${cpuPer(t)} µs`).join(', ')}`,
    );
    console.log(
      `CPU time stolen by the hypervisor during the run: ${fmt(((now.steal - ticks.steal) / (now.total - ticks.total)) * 100, 1)} % (the figures move with it)`,
    );
    console.log('');
    for (const t of [ackOnly, one, two]) {
      const ratio = median(ratios(t));
      const p99 = t.steady.length
        ? `; p99 at a steady ${RATE}/s ${fmt(median(t.steady.map((p) => p.paced.p99)), 1)} ms (target < 50 ms; baseline ${fmt(median(baseline.steady.map((p) => p.paced.p99)), 1)} ms; with the ramp ${fmt(median(t.steady.map((p) => p.paced.withRamp.p99)), 1)} ms)`
        : '';
      console.log(`${t.name}: ack throughput / baseline ${fmt(ratio, 2)} (target >= 0.60)${p99}`);
    }
  } finally {
    for (const p of procs.reverse()) await p.stop().catch(() => undefined);
    await close();
  }
}

await main();
