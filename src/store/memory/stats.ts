/**
 * The statistics store (stats/ports.ts) in memory, for unit tests and the contract suite. Unique sets
 * count exactly (a HyperLogLog estimates; with a handful of members both give the same number).
 */
import type { DayChange, DayFigures, EventFigures, StatsStore } from '../../stats/ports.js';

interface MemoryDay {
  counts: Map<string, number>;
  unique: Map<string, Set<string>>;
  durations: Map<string, string[]>;
}

export function createMemoryStatsStore(): StatsStore {
  const days = new Map<string, MemoryDay>();
  const events = new Map<string, EventFigures>();
  const dayOf = (d: string) => {
    const v = days.get(d) ?? { counts: new Map(), unique: new Map(), durations: new Map() };
    days.set(d, v);
    return v;
  };
  const eventOf = (id: string) => {
    const e = events.get(id) ?? { id, counts: {}, facts: {} };
    events.set(id, e);
    return e;
  };
  const add = (m: Map<string, number>, field: string, n: number) => m.set(field, (m.get(field) ?? 0) + n);

  return {
    async record(day, change: DayChange) {
      const d = dayOf(day);
      for (const [field, n] of Object.entries(change.counts ?? {})) if (n !== 0) add(d.counts, field, n);
      for (const [name, members] of Object.entries(change.unique ?? {})) {
        const set = d.unique.get(name) ?? new Set<string>();
        for (const m of members) set.add(m);
        d.unique.set(name, set);
      }
      for (const [name, entries] of Object.entries(change.durations ?? {})) d.durations.set(name, [...(d.durations.get(name) ?? []), ...entries]);
    },
    async recordEvent(eventId, counts, facts = {}) {
      const e = eventOf(eventId);
      for (const [field, n] of Object.entries(counts)) if (n !== 0) e.counts[field] = (e.counts[field] ?? 0) + n;
      Object.assign(e.facts, facts);
    },
    async days(list, names) {
      return list.map(
        (day): DayFigures => ({
          day,
          counts: Object.fromEntries(days.get(day)?.counts ?? []),
          unique: Object.fromEntries(names.unique.map((n) => [n, days.get(day)?.unique.get(n)?.size ?? 0])),
          durations: Object.fromEntries(names.durations.map((n) => [n, [...(days.get(day)?.durations.get(n) ?? [])]])),
        }),
      );
    },
    async events() {
      return [...events.values()].map((e) => structuredClone(e));
    },
    async raise(day, counts, durations = {}) {
      const d = dayOf(day);
      for (const [field, n] of Object.entries(counts)) if (n > (d.counts.get(field) ?? 0)) d.counts.set(field, n);
      for (const [name, entries] of Object.entries(durations)) if (entries.length > (d.durations.get(name)?.length ?? 0)) d.durations.set(name, [...entries]);
    },
    async raiseEvent(eventId, counts, facts = {}) {
      const e = eventOf(eventId);
      for (const [field, n] of Object.entries(counts)) if (n > (e.counts[field] ?? 0)) e.counts[field] = n;
      Object.assign(e.facts, facts);
    },
  };
}
