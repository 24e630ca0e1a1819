/**
 * Edited content (edits/ports.ts) in Redis: every key under `{content}`, so one script appends a
 * version, sets the document's latest version and moves the revision, and one MULTI reads the
 * revision with every latest version. Nothing here is personal: documents are festival content.
 */
import type { EditStore, LatestDoc } from '../../edits/ports.js';
import { DOC_KINDS, type DocKind, type Version } from '../../edits/types.js';
import { guard, type Redis } from './client.js';
import { createEditKeys } from './keys.js';
import { lua, runScript } from './script.js';

/** See scripts/edit-append-3.lua. */
const APPEND = lua('edit-append');

const isKind = (k: string): k is DocKind => (DOC_KINDS as readonly string[]).includes(k);

export function createRedisEditStore(redis: Redis, prefix: string): EditStore {
  const k = createEditKeys(prefix);
  return {
    revision: async () => Number((await guard(() => redis.get(k.revision))) ?? 0),
    async latest() {
      const replies = await guard(() => redis.multi().get(k.revision).hgetall(k.latest).exec());
      const [revision, all] = (replies ?? []).map(([err, value]) => {
        if (err) throw err;
        return value;
      }) as [string | null, Record<string, string>];
      const docs: LatestDoc[] = [];
      for (const [field, json] of Object.entries(all ?? {})) {
        const [kind, id] = [field.slice(0, field.indexOf(':')), field.slice(field.indexOf(':') + 1)];
        if (isKind(kind)) docs.push({ kind, id, version: JSON.parse(json) as Version });
      }
      return { revision: Number(revision ?? 0), docs };
    },
    async append(kind, id, version) {
      const keys = [k.latest, k.history(kind, id), k.revision];
      const [done, n] = (await guard(() => runScript(redis, APPEND, keys, [`${kind}:${id}`, version.v, JSON.stringify(version)]))) as [number, number];
      return done === 1 ? { ok: true, revision: n } : { ok: false, current: n };
    },
    async history(kind, id) {
      const all = await guard(() => redis.lrange(k.history(kind, id), 0, -1));
      return all.map((json) => JSON.parse(json) as Version).reverse();
    },
  };
}
