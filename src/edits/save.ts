/** Saving one version of a document: what changed, the next version number, and the live content reloaded at once. */
import type { LiveContent } from './live.js';
import type { EditStore } from './ports.js';
import type { DocKind, EditAction, EditResult, Version } from './types.js';

/** Who edits: the staff username, and the parks they may edit events in (undefined: every park). */
export interface Editor {
  username: string;
  kcns?: readonly string[];
}

export interface SaveDeps {
  store: EditStore;
  live: LiveContent;
  clock(): Date;
}

/** The leaves of a JSON value by dotted path; arrays count as one leaf. */
function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  } else if (value !== undefined) out.set(path, JSON.stringify(value));
  return out;
}

/** The dotted paths whose values differ between two documents (`event.startsAt`, `texts.vi.answer`); none for a creation. */
export function changedFields(before: unknown, after: unknown): string[] {
  const a = leaves(before, '', new Map());
  const b = leaves(after, '', new Map());
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

/**
 * Stores `value` as the version after `previous` (0: the document was never edited), then reloads the
 * live content so this instance uses it at once. `conflict` when someone saved the document meanwhile.
 */
export async function saveVersion<T>(
  deps: SaveDeps,
  doc: { kind: DocKind; id: string; previous: number; before: unknown },
  value: T,
  change: { action: EditAction; by: string; revertOf?: number },
): Promise<EditResult<Version<T>>> {
  const version: Version<T> = {
    v: doc.previous + 1,
    at: deps.clock().toISOString(),
    by: change.by,
    action: change.action,
    changed: change.action === 'create' ? [] : changedFields(doc.before, value),
    ...(change.revertOf === undefined ? {} : { revertOf: change.revertOf }),
    value,
  };
  const saved = await deps.store.append(doc.kind, doc.id, version);
  if (!saved.ok) return { ok: false, error: 'conflict' };
  await deps.live.refresh();
  return { ok: true, value: version };
}
