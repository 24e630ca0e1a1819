/**
 * Writes the live content back to YAML in the content folder's format, so it can be reviewed and
 * committed: `events.yaml` (published events; cancelled and draft ones are left out and named in a
 * comment), `faq.yaml` and `<lang>/faq.yaml` (titles, answers, quotes). Only edited entries are
 * rewritten: the rest of each file, its comments included, stays as it was. Into another folder, the
 * whole seed folder is copied first, so the result is a complete content folder (`loadContent` reads it).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { LANGS } from '../core/message.js';
import type { Catalogue, EventRecord, FaqRecord } from './types.js';

/** What an export did. */
export interface ExportResult {
  /** The files that differ from the seed's, relative to the folder. */
  written: string[];
  /** Events not exported (cancelled or drafts), with why. */
  left: string[];
}

const TIMES = ['startsAt', 'endsAt', 'signupDeadline'];

const quoted = (node: unknown) => {
  if (isScalar(node) && typeof node.value === 'string') node.type = Scalar.QUOTE_DOUBLE;
};

/**
 * An event entry as `content/events.yaml` writes one: short maps on one line with their texts quoted,
 * times quoted, `sample` only when true, the fields in the order of the entry it replaces (if any).
 */
function eventNode(doc: Document, r: EventRecord, order: readonly string[]) {
  const { sample, ...fields } = r.doc.event;
  const all: Record<string, unknown> = sample ? { ...fields, sample } : fields;
  const keys = [...order.filter((k) => k in all), ...Object.keys(all).filter((k) => !order.includes(k))];
  const node = doc.createNode(Object.fromEntries(keys.map((k) => [k, all[k]]))) as YAMLMap;
  for (const item of node.items) {
    const key = String((item.key as Scalar).value);
    if (isMap(item.value)) {
      item.value.flow = true;
      for (const inner of item.value.items) quoted(inner.value);
    }
    if (TIMES.includes(key)) quoted(item.value);
  }
  return node;
}

/** The field order of the entry of `id` in the list at `key`, if there is one. */
function orderOf(doc: Document, key: string, id: string): string[] {
  const entry = (doc.get(key, true) as YAMLSeq).items.find((item) => isMap(item) && item.get('id') === id);
  return isMap(entry) ? entry.items.map((item) => String((item.key as Scalar).value)) : [];
}

/** An entry as `content/faq.yaml` writes one: phrasings one per line, follow-ups and buttons short. */
function faqNode(doc: Document, r: FaqRecord) {
  const node = doc.createNode(r.doc.entry) as YAMLMap;
  const more = node.get('more', true);
  if (isSeq(more)) more.flow = true;
  const buttons = node.get('buttons', true);
  if (isSeq(buttons)) for (const b of buttons.items) if (isMap(b)) b.flow = true;
  return node;
}

/** Replaces each edited entry of the list at `key` (matched by id), appends new ones, removes `drop`. */
function patchList(doc: Document, key: string, edited: { id: string; node: unknown }[], drop: ReadonlySet<string> = new Set()): void {
  const seq = doc.get(key, true) as YAMLSeq;
  const idOf = (item: unknown) => (isMap(item) ? String(item.get('id')) : '');
  for (const { id, node } of edited) {
    const at = seq.items.findIndex((item) => idOf(item) === id);
    if (at >= 0) seq.items[at] = node as never;
    else seq.items.push(node as never);
  }
  seq.items = seq.items.filter((item) => !drop.has(idOf(item)));
}

/** Writes `text` to `file` of the target when it differs from the seed's file; records it. */
function write(from: { seed: string; target: string }, file: string, text: string, out: string[]): void {
  if (readFileSync(join(from.seed, file), 'utf8') === text) return;
  writeFileSync(join(from.target, file), text);
  out.push(file);
}

/**
 * Exports `catalogue` (the seed of `seedDir` with the edits laid over it) into `targetDir`: the content
 * folder itself, or another folder, which then receives a copy of the seed folder first.
 */
export function exportContent(seedDir: string, targetDir: string, catalogue: Catalogue): ExportResult {
  if (resolve(seedDir) !== resolve(targetDir)) cpSync(seedDir, targetDir, { recursive: true });
  const written: string[] = [];
  const dirs = { seed: seedDir, target: targetDir };
  const read = (file: string) => parseDocument(readFileSync(join(seedDir, file), 'utf8'));

  const events = read('events.yaml');
  const unpublished = catalogue.events.filter((r) => r.doc.status !== 'published');
  const edited = catalogue.events
    .filter((r) => r.version > 0 && r.doc.status === 'published')
    .map((r) => ({ id: r.id, node: eventNode(events, r, orderOf(events, 'events', r.id)) }));
  patchList(events, 'events', edited, new Set(unpublished.map((r) => r.id)));
  const left = unpublished.map((r) => `${r.id}: ${r.doc.status}${r.doc.reason ? ` (${r.doc.reason})` : ''}`);
  const seq = events.get('events', true) as YAMLSeq;
  seq.commentBefore = left.length
    ? ` Not exported, ${left.length === 1 ? 'an event' : 'events'} not shown to workers in the dashboard:\n${left.map((l) => ` - ${l}`).join('\n')}`
    : undefined;
  write(dirs, 'events.yaml', events.toString({ lineWidth: 0 }), written);

  const faqEdited = catalogue.faq.filter((r) => r.version > 0);
  const faq = read('faq.yaml');
  patchList(
    faq,
    'entries',
    faqEdited.map((r) => ({ id: r.id, node: faqNode(faq, r) })),
  );
  // content/faq.yaml writes follow-ups as `[a, b]` and buttons as `{ key: …, payload: … }`: one padding rule cannot do both.
  write(dirs, 'faq.yaml', faq.toString({ lineWidth: 0 }).replace(/^(\s*more: )\[ (.*) \]$/gm, '$1[$2]'), written);
  for (const lang of LANGS) {
    const texts = read(join(lang, 'faq.yaml'));
    for (const r of faqEdited) {
      const quote = lang === 'vi' && r.doc.quote ? { quote: r.doc.quote.length === 1 ? r.doc.quote[0] : r.doc.quote } : {};
      texts.setIn(['entries', r.id], texts.createNode({ ...r.doc.texts[lang], ...quote }));
    }
    write(dirs, join(lang, 'faq.yaml'), texts.toString({ lineWidth: 0 }), written);
  }
  return { written, left };
}
