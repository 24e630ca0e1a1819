/**
 * `npm run bench:peer`: the bot's Messenger path and the Botkit 4 echo peer (../shared/bench/botkit-peer,
 * never a dependency of the project) side by side, against the same signed webhooks, on loopback.
 * Not a test: nothing fails, targets are printed.
 *
 * Starts a private redis-server, the stand-ins with the Graph stand-in on TLS too (a self-signed
 * certificate made now in a temp dir: Botkit's adapter only calls https), the bare baseline
 * (baseline.ts, the ceiling of this machine), the bot as `npm start` runs it (one process; it calls the
 * same TLS stand-in and trusts the certificate through NODE_EXTRA_CA_CERTS) and the peer (installed
 * in a temp dir as its README says, or BENCH_PEER_DIR when it is installed already; certificate
 * checks off for its process only). After a warm-up of both, each round drives the bot, the peer and
 * the baseline in turn (the order alternates) with autocannon, each request a new user and message;
 * the bot and the peer get the very same bodies. A phase's replies are counted at the Graph stand-in
 * until its backlog has drained: replies/s = replies / (last reply − phase start). Then a steady
 * open-loop BENCH_RATE a second (pace.ts) to the bot and to the peer: acknowledgement and
 * webhook-to-reply percentiles, and the bot's intake backlog each second.
 *
 * Options (environment): BENCH_ROUNDS (3), BENCH_SECONDS (5), BENCH_CONNECTIONS (32), BENCH_RATE (500),
 * BENCH_STEADY_SECONDS (10), BENCH_PEER_DIR, BENCH_PEER_SRC (where the peer's files are), BENCH_LOG_LEVEL,
 * BENCH_NODE_ARGS (Node options for the bot's process only, e.g. `--max-semi-space-size=32`), BENCH_BOT_PROCESSES
 * (N ≥ 2: the bot as a web process that only acknowledges, INTAKE_WORKER=false, and N − 1 worker processes).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { freePort, startNodeProcess, waitFor, type NodeProcess } from '../helpers/processes.js';
import { pace, type PacedResult } from './pace.js';
import { cpuMs, machineNote, machineTicks } from './proc.js';
import { startRig } from './rig.js';
import type { Counts } from './stand-ins.js';
import { botEnv, META, messengerWebhook, type Webhook } from './webhooks.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 10);
const PREFIX = 'bench-peer';

/** A system under test: where it takes webhooks, its process, and what it did in each round. */
interface Side {
  name: string;
  url: string;
  /** Its processes (the bot's web and worker processes with BENCH_BOT_PROCESSES=2). */
  pids: (number | undefined)[];
  /** Whether it sends replies (not the baseline). */
  replies: boolean;
  /** The Graph stand-in it calls, as /counts names it. */
  graph: 'graph' | 'peerGraph';
  rounds: Round[];
  cpuMs: number;
  acked: number;
}

/** One max-rate phase of one side. */
interface Round {
  acksPerSecond: number;
  repliesPerSecond: number;
  p50: number;
  p99: number;
  lost: number;
  duplicated: number;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

/** A self-signed certificate for 127.0.0.1, made in `dir`. */
function certificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** The peer's installed folder, or why there is none. */
function installPeer(): { dir: string } | { error: string } {
  if (process.env.BENCH_PEER_DIR) return { dir: process.env.BENCH_PEER_DIR };
  const candidates = [process.env.BENCH_PEER_SRC, '../shared/bench/botkit-peer', '../../shared/bench/botkit-peer'].filter((p): p is string => !!p);
  const src = candidates.map((p) => resolve(p)).find((p) => existsSync(join(p, 'echo.cjs')));
  if (!src) return { error: `no botkit-peer folder (looked in ${candidates.join(', ')})` };
  const dir = mkdtempSync(join(tmpdir(), 'botkit-peer-'));
  cpSync(src, dir, { recursive: true });
  try {
    // --ignore-scripts: botbuilder-dialogs' install script fails under npm 11 (the peer's README).
    execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore', timeout: 300_000 });
  } catch (err) {
    return { error: `npm install of the peer failed in ${dir}: ${(err as Error).message.split('\n')[0]}` };
  }
  return { dir };
}

/** Starts the peer on a free port; resolves once it answers HTTP. */
async function startPeer(dir: string, graphTls: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [join(dir, 'echo.cjs')], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), FB_APP_SECRET: META.appSecret, API_HOST: new URL(graphTls).host, NODE_TLS_REJECT_UNAUTHORIZED: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // Messenger's subscription handshake (echo.cjs's verify token is `v`): a plain GET is never answered.
  const handshake = `${url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=v&hub.challenge=1`;
  try {
    await waitFor(async () => (await fetch(handshake, { signal: AbortSignal.timeout(1000) })).ok, 30_000);
  } catch (err) {
    proc.kill('SIGTERM');
    throw err;
  }
  return { url, proc };
}

/** What a Graph stand-in counted so far. */
async function graphCounts(standIns: string, graph: Side['graph']): Promise<Counts> {
  return ((await (await fetch(`${standIns}/counts`)).json()) as Record<Side['graph'], Counts>)[graph];
}

/**
 * The webhooks of one round, made once and sent alike to each side: the bot and the peer get the same
 * bytes (each side sees each message once; the bot's dedupe is on its own Redis prefix per side).
 */
function roundWebhooks(round: number): (i: number) => Webhook {
  const made: Webhook[] = [];
  return (i) => {
    made[i] ??= messengerWebhook(`8${round}${String(i).padStart(13, '0')}`, `m_peer_${round}_${i}`, 'menu');
    return made[i]!;
  };
}

/** Drives `url` for SECONDS at CONNECTIONS connections with webhook i = `hook(i)`; returns the result and the acknowledged users. */
async function drive(url: string, hook: (i: number) => Webhook, seconds = SECONDS): Promise<{ result: autocannon.Result; acked: string[]; startedAt: number }> {
  const acked: string[] = [];
  let n = 0;
  const startedAt = Date.now();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const w = hook(n++);
          (context as { webhook?: Webhook }).webhook = w;
          return { ...req, method: 'POST', path: w.path, headers: w.headers, body: w.body };
        },
        onResponse: (status, _body, context) => {
          const w = (context as { webhook?: Webhook }).webhook;
          if (status === 200 && w) acked.push(w.userId);
        },
      },
    ],
  });
  return { result, acked, startedAt };
}

/**
 * Waits until each acknowledged user has a reply, or nothing new reached the stand-in for 3 s (what is
 * still missing is lost); at most 180 s.
 */
async function drained(standIns: string, side: Side, users: string[]): Promise<Counts> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const graph = await graphCounts(standIns, side.graph);
    const quiet = Date.now() - graph.lastSendAt > 3000;
    if (users.every((u) => (graph.sends[u] ?? 0) > 0) || quiet || Date.now() > deadline) return graph;
    await sleep(200);
  }
}

/** One max-rate phase of `side`: acks/s, replies/s until drained, latency, lost and duplicated. */
async function maxPhase(side: Side, hook: (i: number) => Webhook, standIns: string): Promise<Round> {
  const cpuOf = () => side.pids.reduce<number>((sum, pid) => sum + cpuMs(pid), 0);
  const cpuBefore = cpuOf();
  const { result, acked, startedAt } = await drive(side.url, hook);
  const graph = side.replies ? await drained(standIns, side, acked) : undefined;
  side.cpuMs += cpuOf() - cpuBefore;
  side.acked += acked.length;
  const answered = graph ? acked.filter((u) => (graph.sends[u] ?? 0) > 0) : [];
  const lastReply = Math.max(startedAt, ...answered.map((u) => graph?.lastAt[u] ?? 0));
  return {
    acksPerSecond: result['2xx'] / (result.duration || SECONDS),
    repliesPerSecond: answered.length / ((lastReply - startedAt) / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    lost: acked.length - answered.length,
    // One message per turn for both (a menu with its buttons; one echo): more is a duplicate.
    duplicated: graph ? acked.filter((u) => (graph.sends[u] ?? 0) > 1).length : 0,
  };
}

/** The steady phase on `side`: open loop at RATE, acknowledgement and webhook-to-reply percentiles, the backlog each second. */
async function steadyPhase(
  side: Side,
  standIns: string,
  backlog: () => Promise<number>,
): Promise<{ paced: PacedResult; reply: { p50: number; p99: number; lost: number }; backlog: number[] }> {
  const sentAt = new Map<string, number>();
  let n = 0;
  const next = () => {
    const w = messengerWebhook(`9${String(++n).padStart(13, '0')}${side.name.length}`, `m_steady_${side.name.length}_${n}`, 'menu');
    sentAt.set(w.userId, Date.now());
    return w;
  };
  const acked: string[] = [];
  const lengths: number[] = [];
  const sampler = setInterval(() => void backlog().then((l) => lengths.push(l)), 1000);
  const paced = await pace(side.url, RATE, STEADY_SECONDS, next, (w) => acked.push(w.userId));
  clearInterval(sampler);
  const graph = await drained(standIns, side, acked);
  const latency = acked.filter((u) => graph.lastAt[u] !== undefined).map((u) => graph.lastAt[u]! - sentAt.get(u)!);
  return { paced, reply: { p50: percentile(latency, 0.5), p99: percentile(latency, 0.99), lost: acked.length - latency.length }, backlog: lengths };
}

function sideLine(side: Side): string {
  const m = (f: (r: Round) => number, digits = 0) => fmt(median(side.rounds.map(f)), digits);
  const replies = side.replies
    ? `replies/s ${m((r) => r.repliesPerSecond).padStart(6)} (rounds ${side.rounds.map((r) => fmt(r.repliesPerSecond)).join(' / ')})  lost ${side.rounds.reduce((a, r) => a + r.lost, 0)}  duplicated ${side.rounds.reduce((a, r) => a + r.duplicated, 0)}`
    : 'replies: none (acknowledges only)';
  return `${side.name.padEnd(24)} acks/s ${m((r) => r.acksPerSecond).padStart(6)} (rounds ${side.rounds.map((r) => fmt(r.acksPerSecond)).join(' / ')})  ack p50 ${m((r) => r.p50, 1)} ms  p99 ${m((r) => r.p99, 1)} ms  ${replies}  CPU ${fmt((side.cpuMs * 1000) / Math.max(1, side.acked))} µs a webhook`;
}

/** Each round's ratio a/b, then their median, with the rounds. */
function ratio(a: Side, b: Side, fa: (r: Round) => number, fb: (r: Round) => number = fa): string {
  const each = a.rounds.map((r, i) => fa(r) / fb(b.rounds[i]!));
  return `${fmt(median(each), 2)} (rounds ${each.map((x) => fmt(x, 2)).join(' / ')})`;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'antq-peer-'));
  const { cert, key } = certificate(tmp);
  const rig = await startRig({ TLS_CERT: cert, TLS_KEY: key });
  const ticks = machineTicks();
  const procs: NodeProcess[] = [];
  let peerProc: ChildProcess | undefined;
  try {
    const graphTls = rig.urls.graphTls!;
    const version = /^redis_version:(\S+)/m.exec(await rig.store.info('server'))?.[1];
    console.log(
      `peer benchmark: ${ROUNDS} rounds of ${SECONDS} s at ${CONNECTIONS} connections, then ${STEADY_SECONDS} s at a steady ${RATE}/s; node ${process.version}, redis ${version}; ${machineNote(ticks)}`,
    );
    const baselineProc = await startNodeProcess('test/bench/baseline.ts', { REDIS_URL: rig.redis.url }, { stderr: 'inherit' });
    procs.push(baselineProc);
    const env = { ...botEnv(rig.redis.url, { ...rig.urls, graph: graphTls }), REDIS_KEY_PREFIX: PREFIX, NODE_EXTRA_CA_CERTS: cert };
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // BENCH_BOT_PROCESSES=N (2 or more): a web process that only acknowledges (INTAKE_WORKER=false) and N - 1 worker
    // processes that run the turns (one consumer group: each event runs once, in order per user).
    const processes = Math.max(1, Number(process.env.BENCH_BOT_PROCESSES ?? 1));
    const split = processes > 1;
    const botProc = await startNodeProcess('src/main.ts', split ? { ...env, INTAKE_WORKER: 'false' } : env, { stderr: 'inherit', nodeArgs });
    procs.push(botProc);
    for (let w = 1; w < processes; w++) procs.push(await startNodeProcess('src/main.ts', env, { stderr: 'inherit', nodeArgs }));
    const side = (name: string, url: string, pids: (number | undefined)[], replies: boolean, graph: Side['graph'] = 'graph'): Side => ({
      name,
      url,
      pids,
      replies,
      graph,
      rounds: [],
      cpuMs: 0,
      acked: 0,
    });
    const bot = side(
      split ? `antq-bot, Messenger (web + ${processes - 1 === 1 ? 'worker' : `${processes - 1} workers`})` : 'antq-bot, Messenger',
      botProc.url,
      procs.slice(-processes).map((p) => p.proc.pid),
      true,
    );
    const baseline = side('bare baseline (ceiling)', baselineProc.url, [baselineProc.proc.pid], false);
    const installed = installPeer();
    let peer: Side | undefined;
    if ('dir' in installed) {
      const started = await startPeer(installed.dir, rig.urls.peerGraphTls!);
      peerProc = started.proc;
      peer = side('Botkit 4 echo peer', started.url, [started.proc.pid], true, 'peerGraph');
      console.log(`peer: ${installed.dir} (Botkit 4.15.0, botbuilder-adapter-facebook 1.0.12)`);
    } else console.log(`the Botkit peer could not be installed (${installed.error}); the bot's own figures follow`);
    const sides = [bot, ...(peer ? [peer] : []), baseline];

    // Warm-up (not counted): JIT, connection pools, the peer's first TLS sessions.
    for (const s of sides) await maxPhase({ ...s, rounds: [] }, roundWebhooks(9), rig.standIns.url);
    for (let round = 0; round < ROUNDS; round++) {
      const hook = roundWebhooks(round);
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const s of order) {
        // Each side its own copy of the round's webhooks, seen once: only the bot's Redis dedupes.
        s.rounds.push(await maxPhase(s, hook, rig.standIns.url));
      }
      await rig.store.del(`baseline:seen:messenger:*`);
    }
    console.log('');
    console.log(`max rate (autocannon, ${CONNECTIONS} connections, ${SECONDS} s; medians of ${ROUNDS} rounds; replies counted until the backlog drained)`);
    for (const s of sides) console.log(sideLine(s));
    const stream = `${PREFIX}:{intake}:stream`;
    console.log('');
    console.log(`steady ${RATE}/s for ${STEADY_SECONDS} s (pace.ts, open loop, after a 1 s ramp; reply latency from the send to the reply at the stand-in)`);
    for (const s of [bot, ...(peer ? [peer] : [])]) {
      const r = await steadyPhase(s, rig.standIns.url, () => (s === bot ? rig.store.xlen(stream) : Promise.resolve(0)));
      const backlog = s === bot ? `; intake backlog each second: ${r.backlog.join(', ')}` : '';
      console.log(
        `${s.name.padEnd(24)} acks/s ${fmt(r.paced.okPerSecond)}  ack p50 ${fmt(r.paced.p50, 1)} ms  p99 ${fmt(r.paced.p99, 1)} ms  webhook to reply p50 ${fmt(r.reply.p50)} ms  p99 ${fmt(r.reply.p99)} ms  lost ${r.reply.lost}  non-2xx ${r.paced.non2xx}  errors ${r.paced.errors}${backlog}`,
      );
    }
    console.log('');
    if (peer) {
      console.log(`replies/s, bot / peer: ${ratio(bot, peer, (r) => r.repliesPerSecond)} (target >= 1.20)`);
      console.log(
        `acks/s, bot / peer: ${ratio(bot, peer, (r) => r.acksPerSecond)}; ack p99 bot ${fmt(median(bot.rounds.map((r) => r.p99)), 1)} ms, peer ${fmt(median(peer.rounds.map((r) => r.p99)), 1)} ms (target: lower)`,
      );
    }
    console.log(`acks/s, bot / bare baseline: ${ratio(bot, baseline, (r) => r.acksPerSecond)} (target >= 0.90)`);
    console.log(
      `replies/s of the bot / acks/s of the bare baseline (how close to the ceiling): ${ratio(
        bot,
        baseline,
        (r) => r.repliesPerSecond,
        (r) => r.acksPerSecond,
      )}`,
    );
    console.log(machineNote(ticks));
  } finally {
    for (const p of procs.reverse()) await p.stop().catch(() => undefined);
    peerProc?.kill('SIGTERM');
    await rig.close();
  }
}

await main();
