/**
 * `npm run bench:turns`: what one turn costs, through the whole path a worker's message takes (signed
 * Messenger webhook → intake → engine → router → Graph stand-in), for four kinds of turn: `menu`, one
 * FAQ question asked by every user, FAQ questions that vary (each user another phrasing) and a report
 * step. Not a test: nothing fails, targets are printed.
 *
 * A private redis-server, the stand-ins (stand-ins.ts) and the bot as `npm start` runs it (one process,
 * NODE_ENV=production). Each kind runs on its own users: first a setup message each (not measured: it
 * makes them returning users, or puts them in the report flow), then one measured message each at a
 * steady BENCH_RATE a second for BENCH_SECONDS, counted until every reply reached the stand-in.
 * Per turn it prints: the bot process's CPU time (the acknowledgement, the turn and the Graph sends),
 * the Redis commands it sent and the round trips they took (socket writes; redis-count.ts counts them
 * in the bot), the bytes written to Redis, the commands Redis executed (scripts' inner commands
 * included, from INFO commandstats), the Graph calls, and webhook-to-reply p50/p99.
 *
 * A second bot process runs the same with `--cpu-prof` (profile written to a temp dir, never to the
 * repository) and prints where the CPU goes, by area and by function, per turn of each kind; its CPU
 * figures are not the ones above (the profiler adds its own cost).
 *
 * Options (environment): BENCH_RATE (300), BENCH_SECONDS (8), BENCH_PROFILE (true), BENCH_TOP (12:
 * rows of each profile table), BENCH_LOG_LEVEL (the bot's, default info).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { loadContent } from '../../src/festival/load.js';
import { freePort, startNodeProcess, type NodeProcess } from '../helpers/processes.js';
import { startRig } from './rig.js';
import { pace } from './pace.js';
import { cpuMs, machineNote, machineTicks } from './proc.js';
import { summariseProfile } from './profile.js';
import type { RedisCounts } from './redis-count.js';
import type { Counts } from './stand-ins.js';
import { botEnv, messengerWebhook, type Webhook } from './webhooks.js';

const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PROFILE = process.env.BENCH_PROFILE !== 'false';
const TOP = Number(process.env.BENCH_TOP ?? 12);
/** Turns run one at a time (a turn takes a few ms; one every 50 ms) to count a turn's own round trips. */
const ALONE = 40;
const ALONE_RATE = 20;

/** A kind of turn: what each user sends first (not measured), then the measured message (the i-th user's, for `texts`). */
interface Kind {
  name: string;
  setup: string;
  text: string;
  /** Measured messages taken in turn, one per user, in place of `text` (which then describes them). */
  texts?: readonly string[];
}

/** Every Vietnamese phrasing of content/faq.yaml: each reaches its entry's answer (`npm run bench:understanding`). */
const phrasings = loadContent('content').data.faq.entries.flatMap((e) => e.questions.vi);

const KINDS: Kind[] = [
  { name: 'menu', setup: 'menu', text: 'menu' },
  // Routed to the FAQ (not to a feature's keywords): `npm run understand -- "Dân vận khéo là gì"`.
  { name: 'FAQ question', setup: 'menu', text: 'Dân vận khéo là gì' },
  // The FAQ's words vary from one question to the next, as workers' questions do: each user asks another.
  { name: 'FAQ, varied', setup: 'menu', text: `each user the next of the ${phrasings.length} Vietnamese FAQ phrasings`, texts: phrasings },
  // "2" is "Không khẩn cấp" at the report's first step; the reply asks for the category.
  { name: 'report step', setup: 'tố giác', text: '2' },
];

/** Everything counted at one moment: the bot's CPU, its Redis counts, Redis's own, the Graph stand-in's. */
interface Snapshot {
  cpuMs: number;
  client: RedisCounts;
  executed: Record<string, number>;
  netInput: number;
  graph: Counts;
  atUs: number;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Redis's own counters: calls per command (inner script commands included) and bytes received. */
async function serverCounts(store: Redis): Promise<{ executed: Record<string, number>; netInput: number }> {
  const executed: Record<string, number> = {};
  for (const m of (await store.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) executed[m[1]!] = Number(m[2]);
  const netInput = Number(/^total_net_input_bytes:(\d+)/m.exec(await store.info('stats'))?.[1]);
  return { executed, netInput };
}

async function snapshot(bot: NodeProcess, countUrl: string, store: Redis, standIns: string): Promise<Snapshot> {
  const [client, server, sent] = await Promise.all([
    (await fetch(countUrl)).json() as Promise<RedisCounts>,
    serverCounts(store),
    (await fetch(`${standIns}/counts`)).json() as Promise<{ graph: Counts }>,
  ]);
  return { cpuMs: cpuMs(bot.proc.pid), client, ...server, graph: sent.graph, atUs: nowUs() };
}

/** Message ids, new across every phase (a repeated one would be dropped as a redelivery). */
let mid = 0;

/** Sends one message from each user at RATE a second; returns when each was sent (ms), by user. */
async function send(url: string, users: string[], text: (i: number) => string, rate: number): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  let i = 0;
  const next = (): Webhook => {
    const user = users[i % users.length]!;
    sentAt.set(user, Date.now());
    return messengerWebhook(user, `m_turns_${++mid}`, text(i++));
  };
  await pace(url, rate, users.length / rate, next, () => undefined, 0);
  return sentAt;
}

/** Waits until every user got a reply since `before` and the stand-in has been quiet for 500 ms (at most 60 s). */
async function replied(standIns: string, users: string[], before?: Counts): Promise<Counts> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { graph } = (await (await fetch(`${standIns}/counts`)).json()) as { graph: Counts };
    const done = users.every((u) => (graph.sends[u] ?? 0) > (before?.sends[u] ?? 0)) && Date.now() - graph.lastSendAt > 500;
    if (done || Date.now() > deadline) return graph;
    await sleep(100);
  }
}

const delta = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

/** One kind's measured phase: what it cost per turn, and its window in the profile's clock. */
interface Measured {
  kind: Kind;
  turns: number;
  cpuUs: number;
  roundTrips: number;
  fromUs: number;
  toUs: number;
  lines: string[];
}

/** A phase's figures: before and after the measured messages, and when each was sent. */
interface Phase {
  users: string[];
  before: Snapshot;
  after: Snapshot;
  sentAt: Map<string, number>;
}

/** The setup message of `users` (not measured), then their measured message at `rate` a second. */
async function phase(kind: Kind, users: string[], rate: number, bot: NodeProcess, countUrl: string, store: Redis, standIns: string): Promise<Phase> {
  await send(bot.url, users, () => kind.setup, rate);
  await replied(standIns, users);
  const before = await snapshot(bot, countUrl, store, standIns);
  const sentAt = await send(bot.url, users, (i) => kind.texts?.[i % kind.texts.length] ?? kind.text, rate);
  await replied(standIns, users, before.graph);
  return { users, before, after: await snapshot(bot, countUrl, store, standIns), sentAt };
}

async function measure(kind: Kind, k: number, pass: number, bot: NodeProcess, countUrl: string, store: Redis, standIns: string): Promise<Measured> {
  const usersOf = (n: number, tag: number) => Array.from({ length: n }, (_, i) => `7${pass}${k}${tag}${String(i).padStart(12, '0')}`);
  // One at a time first: with nothing to pipeline with, each socket write is a round trip of this turn.
  const alone = await phase(kind, usersOf(ALONE, 1), ALONE_RATE, bot, countUrl, store, standIns);
  const { users, before, after, sentAt } = await phase(kind, usersOf(Math.round(RATE * SECONDS), 2), RATE, bot, countUrl, store, standIns);
  const turns = users.length;
  const cpuUs = ((after.cpuMs - before.cpuMs) * 1000) / turns;
  const per = (n: number, digits = 2) => fmt(n / turns, digits);
  const sent = delta(after.client.commands, before.client.commands);
  const executed = delta(after.executed, before.executed);
  // The benchmark's own INFO calls are not the bot's.
  delete executed.info;
  const latency = users
    .filter((u) => (after.graph.sends[u] ?? 0) > (before.graph.sends[u] ?? 0))
    .map((u) => (after.graph.lastAt[u] ?? NaN) - (sentAt.get(u) ?? NaN))
    .filter(Number.isFinite);
  const messages = after.graph.total - before.graph.total;
  const roundTrips = (alone.after.client.writes - alone.before.client.writes) / alone.users.length;
  const lines = [
    `${kind.name} ("${kind.text}" after "${kind.setup}"; ${fmt(turns)} turns at ${RATE}/s)`,
    `  CPU in the bot process: ${fmt(cpuUs)} µs a turn (acknowledgement, turn and Graph sends)`,
    `  Redis round trips a turn run alone (${ALONE} turns at ${ALONE_RATE}/s; the acknowledgement's and the worker's read included): ${fmt(roundTrips, 2)}; at ${RATE}/s, pipelined with other turns: ${per(after.client.writes - before.client.writes)}`,
    `  Redis: ${per(sum(sent))} commands sent a turn, ${per(after.client.bytes - before.client.bytes, 0)} bytes written (Redis counted ${per(after.netInput - before.netInput, 0)} received); Redis executed ${per(sum(executed))} commands (scripts' inner ones included)`,
    `  sent a turn: ${Object.entries(sent)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${per(n)}`)
      .join(', ')}`,
    `  Graph: ${per(messages)} messages and ${per(after.graph.requests - before.graph.requests - messages)} other calls (typing) a turn; webhook to its last reply p50 ${fmt(percentile(latency, 0.5))} ms, p99 ${fmt(percentile(latency, 0.99))} ms; replied ${fmt(latency.length)} of ${fmt(turns)}`,
  ];
  return { kind, turns, cpuUs, roundTrips, fromUs: before.atUs, toUs: after.atUs, lines };
}

async function runPass(
  pass: number,
  redisUrl: string,
  store: Redis,
  standIns: string,
  urls: { zalo: string; graph: string },
  profileDir?: string,
): Promise<Measured[]> {
  const countPort = await freePort();
  const nodeArgs = ['--import', 'tsx', '--import', './test/bench/redis-count.ts'];
  if (profileDir) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-interval', '250');
  const bot = await startNodeProcess(
    'src/main.ts',
    { ...botEnv(redisUrl, urls), REDIS_KEY_PREFIX: `bench-turns-${pass}`, BENCH_COUNT_PORT: String(countPort) },
    { stderr: 'inherit', nodeArgs },
  );
  const measured: Measured[] = [];
  try {
    for (const [k, kind] of KINDS.entries()) measured.push(await measure(kind, k, pass, bot, `http://127.0.0.1:${countPort}`, store, standIns));
  } finally {
    await bot.stop();
  }
  return measured;
}

function printProfile(profileDir: string, measured: Measured[]): void {
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    console.log(`no profile was written to ${profileDir}`);
    return;
  }
  console.log(`\nwhere the CPU goes (self time, µs a turn; profile ${join(profileDir, file)}, sampled every 250 µs)`);
  for (const m of measured) {
    const s = summariseProfile(join(profileDir, file), m.fromUs, m.toUs);
    const us = (n: number) => fmt(n / m.turns, 1);
    console.log(`${m.kind.name}: ${us(s.busyUs)} µs a turn sampled busy`);
    console.log(
      `  by area: ${s.areas
        .slice(0, TOP)
        .map((a) => `${a.name} ${us(a.us)}`)
        .join(', ')}`,
    );
    console.log('  by function:');
    for (const f of s.functions.slice(0, TOP)) console.log(`    ${us(f.us).padStart(6)}  ${f.name}`);
  }
}

async function main(): Promise<void> {
  const { redis, store, standIns, urls, close } = await startRig();
  const ticks = machineTicks();
  try {
    const version = /^redis_version:(\S+)/m.exec(await store.info('server'))?.[1];
    console.log(`turn benchmark: ${RATE} Messenger turns a second for ${SECONDS} s per kind, node ${process.version}, redis ${version}; ${machineNote(ticks)}`);
    const measured = await runPass(1, redis.url, store, standIns.url, urls);
    for (const m of measured) console.log(m.lines.join('\n'));
    const menu = measured[0]!;
    for (const m of measured.slice(1))
      console.log(`${m.kind.name} / menu CPU: ${fmt(m.cpuUs / menu.cpuUs, 2)}${m.kind.name.startsWith('FAQ') ? ' (target <= 1.10)' : ''}`);
    console.log(machineNote(ticks));
    if (PROFILE) {
      const dir = mkdtempSync(join(tmpdir(), 'antq-turns-prof-'));
      printProfile(dir, await runPass(2, redis.url, store, standIns.url, urls, dir));
    }
  } finally {
    await close();
  }
}

await main();
