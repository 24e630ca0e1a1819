/**
 * Loads `content/`: the texts of each language (`content/<lang>/*.yaml`, one i18next namespace per
 * file), the data files (`content/*.yaml`, validated with zod) and the plan's text (`content/plan/`,
 * against which every quote is checked). Every problem is reported with its file and line, so an
 * organiser can fix a text without reading code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { DATA_FILES, examplesSchema, type ContentData, type Example } from './data.js';
import type { Resources } from '../core/i18n.js';
import { LANGS } from '../core/message.js';
import { checkCitations, PLAN_FILE } from './citations.js';
import { checkNewsContent } from './news-checks.js';

export interface Content {
  resources: Resources;
  data: ContentData;
  /** The plan's text (`content/plan/`), against which quotes are checked (also those of edits made in the dashboard). */
  plan?: string;
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

/**
 * The keys every language must have: plural forms count once (`days_one` and `days_other` are
 * `days`, as languages have different plural forms), and `quote` (the plan's words, kept in the
 * Vietnamese file only) does not count.
 */
export function comparableKeys(value: unknown): string[] {
  const keys = flattenKeys(value)
    .filter((k) => !/(^|\.)quote$/.test(k))
    .map((k) => k.replace(/_(zero|one|two|few|many|other)$/, ''));
  return [...new Set(keys)];
}

/** The examples the classifier learns from (`examples/*.yaml`, by file name), validated. */
function readExamples(dir: string, problems: string[]): Example[] {
  let files: string[];
  try {
    files = readdirSync(join(dir, 'examples'))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
  } catch {
    problems.push('examples/: folder is missing (the worker messages the bot learns from)');
    return [];
  }
  return files.flatMap((f) => {
    const doc = readYaml(join(dir, 'examples', f), dir, problems);
    const parsed = examplesSchema.safeParse(doc.value);
    if (parsed.success) return parsed.data.map((e) => ({ ...e, set: basename(f, '.yaml') }));
    for (const i of parsed.error.issues)
      problems.push(`examples/${f}:${doc.lineOf(i.path as (string | number)[])}: ${i.path.join('.') || '(file)'}: ${i.message}`);
    return [];
  });
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
      files = readdirSync(join(dir, lang))
        .filter((f) => f.endsWith('.yaml'))
        .sort();
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
      const a = new Set(comparableKeys(resources[first!][ns] ?? {}));
      const b = new Set(comparableKeys(resources[lang][ns] ?? {}));
      for (const k of a) if (!b.has(k)) problems.push(`${lang}/${ns}.yaml: missing key "${k}" (present in ${first}/${ns}.yaml)`);
      for (const k of b) if (!a.has(k)) problems.push(`${first}/${ns}.yaml: missing key "${k}" (present in ${lang}/${ns}.yaml)`);
    }
  }
  const data: Partial<ContentData> = {};
  for (const [name, schema] of Object.entries(DATA_FILES)) {
    const file = join(dir, `${name}.yaml`);
    let doc: ReturnType<typeof readYaml>;
    try {
      doc = readYaml(file, dir, problems);
    } catch {
      problems.push(`${name}.yaml: file is missing`);
      continue;
    }
    const parsed = schema.safeParse(doc.value);
    if (parsed.success) (data as Record<string, unknown>)[name] = parsed.data;
    else
      for (const i of parsed.error.issues)
        problems.push(`${name}.yaml:${doc.lineOf(i.path as (string | number)[])}: ${i.path.join('.') || '(file)'}: ${i.message}`);
  }
  data.examples = readExamples(dir, problems);
  if (data.faq) {
    const ids = new Set(data.faq.entries.map((e) => e.id));
    for (const e of data.examples) {
      const id = /^faq:(.+)$/.exec(e.expect)?.[1];
      if (id !== undefined && !ids.has(id)) problems.push(`examples/${e.set}.yaml: "${e.q}" expects faq:${id}, which is not an FAQ entry id`);
    }
  }
  if (data.events && data.kcn) {
    const parks = new Set(data.kcn.parks.map((p) => p.id));
    data.events.events.forEach((e, i) => {
      if (!parks.has(e.kcn)) problems.push(`events.yaml: events.${i}.kcn: "${e.kcn}" is not a park id in kcn.yaml`);
    });
  }
  problems.push(...checkNewsContent(resources, data));
  let plan: string | undefined;
  try {
    plan = readFileSync(join(dir, PLAN_FILE), 'utf8');
  } catch {
    problems.push(`${PLAN_FILE}: file is missing (the plan's text, against which every quote is checked)`);
  }
  if (plan !== undefined) problems.push(...checkCitations(resources, plan));
  if (data.contacts) {
    for (const lang of LANGS) {
      for (const id of Object.keys(data.contacts)) {
        if (typeof (resources[lang].faq?.contact_lines as Record<string, unknown> | undefined)?.[id] !== 'string')
          problems.push(`${lang}/faq.yaml: contact_lines.${id} is missing (the line that shows contacts.yaml's ${id})`);
      }
    }
  }
  if (problems.length > 0) throw new ContentError(problems);
  addDataTexts(resources, data as ContentData);
  return { resources, data: data as ContentData, plan };
}

/**
 * Data shown in texts, as texts of generated namespaces: park names (`kcn:name.<id>`) and what workers
 * type for them (`kcn:aliases.<id>`, a list), events
 * (`events:title.<id>`, a sample event's title starting with the `signup:sample` label, so every place
 * that names it says it is a sample, even on a button cut short), and confirmed contacts (`contacts:<id>`, and `contacts:lines`: a new
 * line with `faq:contact_lines.<id>` for each contact the board has filled in, nothing for the others,
 * so a text ending with `$t(contacts:lines)` ends cleanly when none is confirmed).
 */
export function addDataTexts(resources: Resources, data: ContentData): void {
  const confirmed = Object.entries(data.contacts).filter(([, phone]) => phone !== '');
  for (const lang of LANGS) {
    resources[lang].kcn = {
      name: Object.fromEntries(data.kcn.parks.map((p) => [p.id, p.name[lang]])),
      // What a worker may type for a park: its names in both languages and its short forms.
      aliases: Object.fromEntries(data.kcn.parks.map((p) => [p.id, [p.name.vi, p.name.en, ...p.aliases]])),
    };
    const pick = (f: 'place' | 'description') => Object.fromEntries(data.events.events.map((e) => [e.id, e[f][lang]]));
    const title = Object.fromEntries(data.events.events.map((e) => [e.id, e.sample ? `$t(signup:sample) ${e.title[lang]}` : e.title[lang]]));
    resources[lang].events = { title, place: pick('place'), description: pick('description') };
    resources[lang].contacts = { ...data.contacts, lines: confirmed.map(([id]) => `\n$t(faq:contact_lines.${id})`).join('') };
  }
}
