/** Edited content (edits/ports.ts) in memory: the same versions and revision as the Redis store, no persistence. */
import type { EditStore } from '../../edits/ports.js';
import type { DocKind, Version } from '../../edits/types.js';

export function createMemoryEditStore(): EditStore {
  const histories = new Map<string, string[]>();
  let revision = 0;
  const field = (kind: DocKind, id: string) => `${kind}:${id}`;
  return {
    revision: async () => revision,
    async latest() {
      const docs = [...histories].map(([f, versions]) => {
        const [kind, id] = [f.slice(0, f.indexOf(':')) as DocKind, f.slice(f.indexOf(':') + 1)];
        return { kind, id, version: JSON.parse(versions.at(-1)!) as Version };
      });
      return { revision, docs };
    },
    async append(kind, id, version) {
      const versions = histories.get(field(kind, id)) ?? [];
      if (versions.length !== version.v - 1) return { ok: false, current: versions.length };
      histories.set(field(kind, id), [...versions, JSON.stringify(version)]);
      return { ok: true, revision: ++revision };
    },
    history: async (kind, id) => (histories.get(field(kind, id)) ?? []).map((json) => JSON.parse(json) as Version).reverse(),
  };
}
