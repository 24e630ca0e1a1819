/**
 * Loads `content/`: the texts of each language (`content/<lang>/*.yaml`, one i18next namespace per
 * file) and the data files (`content/*.yaml`, validated with zod). Every problem is reported with its
 * file and line, so an organiser can fix a text without reading code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { DATA_FILES, type ContentData } from '../core/content.js';
import type { Resources } from '../core/i18n.js';
import { LANGS } from '../core/message.js';
import { checkNewsContent } from './news-checks.js';

export interface Content {
  resources: Resources;
  data: ContentData;
}

/** Thrown when content is broken; `problems` lists each with `file:line`. */
export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Content has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContentError';
  }
}

function readYaml(file: string, root: string, problems: string[]): { value: unknown; lineOf(path: (string | number)[]): number } {
  const text = readFileSync(file, 'utf8');
  const where = relative(root, file) || file;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  for (const e of doc.errors) problems.push(`${where}:${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  if (text !== text.normalize('NFC')) problems.push(`${where}: text is not Unicode NFC (save it as NFC)`);
  return {
    value: doc.errors.length ? undefined : doc.toJS(),
    lineOf(path) {
      const node = doc.getIn(path, true) as { range?: [number, number] } | undefined;
      return node?.range ? lines.linePos(node.range[0]).line : 1;
    },
  };
}

/** Flattens nested texts to dotted keys (used to compare languages). */
export function flattenKeys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flattenKeys(v, prefix ? `${prefix}.${k}` : k));
}

/** Reads and validates all content under `dir`; throws ContentError listing every problem. */
export function loadContent(dir: string): Content {
  const problems: string[] = [];
  const resources = {} as Resources;
  const unreadable = new Set<string>();
  for (const lang of LANGS) {
    resources[lang] = {};
    let files: string[] = [];
    try {
      files = readdirSync(join(dir, lang)).filter((f) => f.endsWith('.yaml')).sort();
    } catch {
      problems.push(`${lang}/: folder is missing`);
    }
    for (const f of files) {
      const { value } = readYaml(join(dir, lang, f), dir, problems);
      if (value === undefined) {
        unreadable.add(basename(f, '.yaml'));
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${lang}/${f}:1: must be a mapping of keys to texts`);
      else resources[lang][basename(f, '.yaml')] = value as Record<string, unknown>;
    }
  }
  const [first, ...others] = LANGS;
  for (const lang of others) {
    for (const ns of new Set([...Object.keys(resources[first!]), ...Object.keys(resources[lang])])) {
      if (unreadable.has(ns)) continue;
      const a = new Set(flattenKeys(resources[first!][ns] ?? {}));
      const b = new Set(flattenKeys(resources[lang][ns] ?? {}));
      for (const k of a) if (!b.has(k)) problems.push(`${lang}/${ns}.yaml: missing key "${k}" (present in ${first}/${ns}.yaml)`);
      for (const k of b) if (!a.has(k)) problems.push(`${first}/${ns}.yaml: missing key "${k}" (present in ${lang}/${ns}.yaml)`);
    }
  }
  const data: Partial<ContentData> = {};
  for (const [name, schema] of Object.entries(DATA_FILES)) {
    const file = join(dir, `${name}.yaml`);
    let doc;
    try {
      doc = readYaml(file, dir, problems);
    } catch {
      problems.push(`${name}.yaml: file is missing`);
      continue;
    }
    const parsed = schema.safeParse(doc.value);
    if (parsed.success) (data as Record<string, unknown>)[name] = parsed.data;
    else for (const i of parsed.error.issues) problems.push(`${name}.yaml:${doc.lineOf(i.path as (string | number)[])}: ${i.path.join('.') || '(file)'}: ${i.message}`);
  }
  if (data.events && data.kcn) {
    const parks = new Set(data.kcn.parks.map((p) => p.id));
    data.events.events.forEach((e, i) => {
      if (!parks.has(e.kcn)) problems.push(`events.yaml: events.${i}.kcn: "${e.kcn}" is not a park id in kcn.yaml`);
    });
  }
  problems.push(...checkNewsContent(resources, data));
  if (problems.length > 0) throw new ContentError(problems);
  for (const lang of LANGS) {
    // Park names as texts too, so messages can name a park with `{ref: 'kcn:name.<id>'}`.
    resources[lang].kcn = {
      name: Object.fromEntries(data.kcn!.parks.map((p) => [p.id, p.name[lang]])),
      // What a worker may type for a park: its names in both languages and its short forms.
      aliases: Object.fromEntries(data.kcn!.parks.map((p) => [p.id, [p.name.vi, p.name.en, ...p.aliases]])),
    };
  }
  if (data.events) {
    for (const lang of LANGS) {
      const pick = (f: 'title' | 'place' | 'description') => Object.fromEntries(data.events!.events.map((e) => [e.id, e[f][lang]]));
      resources[lang].events = { title: pick('title'), place: pick('place'), description: pick('description') };
    }
  }
  return { resources, data: data as ContentData };
}
