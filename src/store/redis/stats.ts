/**
 * The statistics store (stats/ports.ts) in Redis: per local day a hash of counters, HyperLogLogs of
 * day-bound pseudonyms and lists of durations, all under the day's tag `{stats:<day>}` so one MULTI
 * writes a day's change; per event a hash under the event's tag. Every key written lives at least
 * `retentionDays` more (two years and more by default). Reads issue one command per key at once (the
 * client pipelines them, per node on a cluster).
 */
import type { DayChange, DayFigures, EventFigures, StatsStore } from '../../stats/ports.js';
import { guard, type Redis } from './client.js';
import { createStatsKeys } from './keys.js';
import { lua, runScript } from './script.js';

/** See scripts/stats-raise-1.lua and scripts/stats-fill-list-1.lua. */
const RAISE = lua('stats-raise');
const FILL_LIST = lua('stats-fill-list');
/** Fields of an event hash that hold facts, not counters. */
const FACT = 'f:';

const numbers = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v)]));

export function createRedisStatsStore(redis: Redis, prefix: string, opts: { retentionDays: number }): StatsStore {
  const keys = createStatsKeys(prefix);
  const ttl = opts.retentionDays * 86400;
  const pairs = (o: Readonly<Record<string, number | string>>) => Object.entries(o).flatMap(([k, v]) => [k, String(v)]);

  return {
    async record(day, change: DayChange) {
      const tx = redis.multi();
      const counters = keys.counters(day);
      const counts = Object.entries(change.counts ?? {}).filter(([, n]) => n !== 0);
      for (const [field, n] of counts) tx.hincrby(counters, field, n);
      if (counts.length) tx.expire(counters, ttl);
      for (const [name, members] of Object.entries(change.unique ?? {})) {
        if (!members.length) continue;
        tx.pfadd(keys.unique(day, name), ...members).expire(keys.unique(day, name), ttl);
      }
      for (const [name, entries] of Object.entries(change.durations ?? {})) {
        if (!entries.length) continue;
        tx.rpush(keys.durations(day, name), ...entries).expire(keys.durations(day, name), ttl);
      }
      await guard(() => tx.exec());
    },
    async recordEvent(eventId, counts, facts = {}) {
      const key = keys.event(eventId);
      const tx = redis.multi();
      for (const [field, n] of Object.entries(counts)) if (n !== 0) tx.hincrby(key, field, n);
      const f = Object.entries(facts);
      if (f.length) tx.hset(key, ...f.flatMap(([k, v]) => [`${FACT}${k}`, v]));
      tx.expire(key, ttl);
      await guard(() => tx.exec());
      await guard(() => redis.multi().sadd(keys.events, eventId).expire(keys.events, ttl).exec());
    },
    async days(days, names) {
      return guard(() =>
        Promise.all(
          days.map(async (day): Promise<DayFigures> => {
            const [counts, unique, durations] = await Promise.all([
              redis.hgetall(keys.counters(day)),
              Promise.all(names.unique.map((n) => redis.pfcount(keys.unique(day, n)))),
              Promise.all(names.durations.map((n) => redis.lrange(keys.durations(day, n), 0, -1))),
            ]);
            return {
              day,
              counts: numbers(counts),
              unique: Object.fromEntries(names.unique.map((n, i) => [n, unique[i]!])),
              durations: Object.fromEntries(names.durations.map((n, i) => [n, durations[i]!])),
            };
          }),
        ),
      );
    },
    async events() {
      const ids = await guard(() => redis.smembers(keys.events));
      const hashes = await guard(() => Promise.all(ids.map((id) => redis.hgetall(keys.event(id)))));
      return ids
        .map((id, i): EventFigures => {
          const h = hashes[i]!;
          const counts: Record<string, number> = {};
          const facts: Record<string, string> = {};
          for (const [k, v] of Object.entries(h)) {
            if (k.startsWith(FACT)) facts[k.slice(FACT.length)] = v;
            else counts[k] = Number(v);
          }
          return { id, counts, facts };
        })
        .filter((e) => Object.keys(e.counts).length || Object.keys(e.facts).length);
    },
    async raise(day, counts, durations = {}) {
      if (Object.keys(counts).length) await guard(() => runScript(redis, RAISE, [keys.counters(day)], [ttl, ...pairs(counts)]));
      for (const [name, entries] of Object.entries(durations)) {
        if (entries.length) await guard(() => runScript(redis, FILL_LIST, [keys.durations(day, name)], [ttl, ...entries]));
      }
    },
    async raiseEvent(eventId, counts, facts = {}) {
      const key = keys.event(eventId);
      if (Object.keys(counts).length) await guard(() => runScript(redis, RAISE, [key], [ttl, ...pairs(counts)]));
      const f = Object.entries(facts).flatMap(([k, v]) => [`${FACT}${k}`, v]);
      await guard(() =>
        (f.length
          ? redis
              .multi()
              .hset(key, ...f)
              .expire(key, ttl)
          : redis.multi().expire(key, ttl)
        ).exec(),
      );
      await guard(() => redis.multi().sadd(keys.events, eventId).expire(keys.events, ttl).exec());
    },
  };
}
