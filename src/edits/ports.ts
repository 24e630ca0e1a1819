/**
 * The storage edited content needs: versioned documents and one revision counter that every change
 * moves, so each bot instance sees with one read whether it must reload. The Redis store
 * (`src/store`, `redis/edits.ts`) keeps them under one hash tag and appends with a script; the memory
 * store (`memory/edits.ts`) keeps them in memory. Documents are opaque here: the editor validates them.
 */
import type { DocKind, Version } from './types.js';

/** The latest version of one document. */
export interface LatestDoc {
  kind: DocKind;
  id: string;
  version: Version;
}

export interface EditStore {
  /** The revision: 0 before any edit, then one more for every version appended. */
  revision(): Promise<number>;
  /** The latest version of every edited document, with the revision they make up (read together). */
  latest(): Promise<{ revision: number; docs: LatestDoc[] }>;
  /**
   * Appends `version` to a document if its latest version is still `version.v - 1` (0: never edited);
   * otherwise someone saved meanwhile and nothing is written (`current`: the latest version now).
   */
  append(kind: DocKind, id: string, version: Version): Promise<{ ok: true; revision: number } | { ok: false; current: number }>;
  /** Every version of a document, newest first. */
  history(kind: DocKind, id: string): Promise<Version[]>;
}
