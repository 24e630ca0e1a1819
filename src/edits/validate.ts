/**
 * The checks an edit passes before it is stored: the same zod schemas as `content/*.yaml` and the same
 * rules as `npm run content:check` (an event's park exists; an FAQ answer that says it comes from the
 * plan has a quote found in the plan's text; every text an answer includes exists). Each problem names
 * its field and a rule, which the dashboard words in the staff's language.
 */
import type { z } from 'zod';
import type { I18n } from '../core/i18n.js';
import { LANGS } from '../core/message.js';
import { fold } from '../core/normalize.js';
import { checkCitations } from '../festival/citations.js';
import type { Content } from '../festival/load.js';
import { checkNewsContent } from '../festival/news-checks.js';
import type { EditProblem, FaqDoc } from './types.js';

/** Rules of the event schema's cross-field checks, by the field they name. */
const CUSTOM_RULES: Record<string, string> = { endsAt: 'ends_before_start', signupDeadline: 'deadline_after_start', team: 'team_min_max' };

const valueAt = (value: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), value);

/** One problem per zod issue; `prefix` is prepended to each field (`texts.vi`). */
export function problemsOf(error: z.ZodError, input: unknown, prefix = ''): EditProblem[] {
  return error.issues.flatMap((issue): EditProblem[] => {
    const at = (path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.');
    const field = at(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ field: at([...issue.path, key]), rule: 'unknown_field', message: `${at([...issue.path, key])} is not a field` }));
      case 'invalid_type':
        return [{ field, rule: valueAt(input, issue.path) === undefined ? 'required' : 'type', message: `${field}: ${issue.message}` }];
      case 'too_small': {
        const empty = (issue.origin === 'string' || issue.origin === 'array') && Number(issue.minimum) <= 1;
        return [{ field, rule: empty ? 'required' : 'too_small', message: `${field}: ${issue.message}` }];
      }
      case 'too_big':
        return [{ field, rule: 'too_long', message: `${field}: ${issue.message}` }];
      case 'invalid_format':
        return [{ field, rule: 'format', message: `${field}: ${issue.message}` }];
      case 'invalid_value':
        return [{ field, rule: 'choice', message: `${field}: ${issue.message}` }];
      case 'custom':
        return [{ field, rule: CUSTOM_RULES[field] ?? 'invalid', message: `${field}: ${issue.message}` }];
      default:
        return [{ field, rule: 'invalid', message: `${field}: ${issue.message}` }];
    }
  });
}

/** Every string of a JSON value in Unicode NFC, as content files must be. */
export function nfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map(nfc) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfc(v)])) as T;
  return value;
}

/**
 * The checks of an FAQ entry inside the content it would make (`candidate`: the live content with the
 * entry in it, `i18n` its texts): follow-ups and buttons that exist, texts it includes (`$t(…)`) that
 * exist, only the values texts may use (`{{year}}`), the plan's words for an answer that cites the
 * plan, and no phrasing that another entry already has (the bot would answer that entry).
 */
export function checkFaqEntry(doc: FaqDoc, candidate: Content, i18n: I18n, params: ReadonlySet<string>): EditProblem[] {
  const { id } = doc.entry;
  const problems: EditProblem[] = [];
  const index = candidate.data.faq.entries.findIndex((e) => e.id === id);
  doc.entry.more?.forEach((m, j) => {
    if (!candidate.data.faq.entries.some((e) => e.id === m && e.id !== id))
      problems.push({ field: `entry.more.${j}`, rule: 'unknown_entry', message: `"${m}" is not another entry` });
  });
  for (const p of checkNewsContent(candidate.resources, candidate.data)) {
    const button = new RegExp(`^faq\\.yaml: entries\\.${index}\\.buttons\\.(\\d+)\\.key`).exec(p);
    if (button) problems.push({ field: `entry.buttons.${button[1]}.key`, rule: 'unknown_text', message: p });
  }
  for (const lang of LANGS) {
    for (const field of ['title', 'answer'] as const) {
      const text = doc.texts[lang][field];
      for (const m of text.matchAll(/\$t\(\s*([^,)\s]+)/g))
        if (!i18n.has(lang, m[1]!)) problems.push({ field: `texts.${lang}.${field}`, rule: 'unknown_text', message: `${m[1]} is not a text` });
      for (const m of text.replace(/\$t\([^)]*\)/g, '').matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g))
        if (!params.has(m[1]!)) problems.push({ field: `texts.${lang}.${field}`, rule: 'unknown_param', message: `{{${m[1]}}} is not a value texts may use` });
    }
  }
  if (candidate.plan !== undefined) problems.push(...citationProblems(id, checkCitations(candidate.resources, candidate.plan)));
  const taken = new Map<string, string>();
  for (const e of candidate.data.faq.entries) if (e.id !== id) for (const q of [...e.questions.vi, ...e.questions.en]) taken.set(fold(q), e.id);
  for (const lang of LANGS) {
    doc.entry.questions[lang].forEach((q, j) => {
      const other = taken.get(fold(q));
      if (other) problems.push({ field: `entry.questions.${lang}.${j}`, rule: 'phrasing_taken', message: `"${q}" is a phrasing of entry ${other}` });
    });
  }
  return problems;
}

/** The citation problems of one FAQ entry (see festival/citations.ts), as problems of its fields. */
function citationProblems(id: string, all: readonly string[]): EditProblem[] {
  const out: EditProblem[] = [];
  const own = new RegExp(`^(vi|en)/faq\\.yaml: entries\\.${id.replace(/-/g, '\\-')}\\.(\\w+)`);
  for (const p of all) {
    const m = own.exec(p);
    if (!m) continue;
    const [, lang, key] = m;
    if (key === 'quote') out.push({ field: 'quote', rule: p.includes('is not in the plan') ? 'quote_not_in_plan' : 'quote_too_short', message: p });
    else out.push({ field: `texts.${lang}.${key}`, rule: 'quote_missing', message: p });
  }
  return out;
}
