/**
 * Citations: every text that says it comes from the plan carries the plan's words it rests on, and
 * those words are in the plan. A text says it comes from the plan when it names the plan itself
 * ("Kế hoạch", "the plan") or nests a source line (a text under a key named `source…` that names the
 * plan, such as `$t(festival:source)`). Its quote is the `quote` next to it in the Vietnamese file
 * (`topics.what.answer` → `topics.what.quote`): the plan is Vietnamese, and the English text translates
 * the Vietnamese one, so both rest on the same words. A quote is one passage or a list of passages,
 * each found in the plan's text (`content/plan/`) once spaces, line breaks, Unicode form and the text
 * file's `*` emphasis marks are set aside.
 */
import type { Resources } from '../core/i18n.js';
import { LANGS, type Lang } from '../core/message.js';

/** The plan's text, relative to the content folder. */
export const PLAN_FILE = 'plan/ke-hoach-ngay-hoi-antq-kcn.txt';

/** Shortest passage accepted as a quote: a few words, so that a citation says something. */
export const MIN_QUOTE_LENGTH = 12;

/** Words that name the plan in a text of each language. */
const NAMES_PLAN: Record<Lang, RegExp> = { vi: /Kế hoạch/, en: /\bthe (festival )?plan\b/i };

/** The form quotes and the plan are compared in. */
export function normalizeForQuote(text: string): string {
  return text.normalize('NFC').replace(/\*/g, '').replace(/\s+/g, ' ').trim();
}

interface Leaf {
  path: string[];
  value: unknown;
}

function leaves(node: unknown, path: string[] = []): Leaf[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [{ path, value: node }];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...path, k]));
}

function at(node: unknown, path: string[]): unknown {
  return path.reduce<unknown>((n, k) => (n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), node);
}

const isSourceLine = (path: string[]) => path.at(-1)?.startsWith('source') ?? false;

/** The `ns:key` of every source line that names the plan, in either language. */
function planSourceLines(resources: Resources): Set<string> {
  const out = new Set<string>();
  for (const lang of LANGS) {
    for (const [ns, tree] of Object.entries(resources[lang])) {
      for (const { path, value } of leaves(tree)) {
        if (isSourceLine(path) && typeof value === 'string' && NAMES_PLAN[lang].test(value)) out.add(`${ns}:${path.join('.')}`);
      }
    }
  }
  return out;
}

/** True when the text says it comes from the plan (by naming it or by nesting a plan source line). */
function claimsPlan(text: string, lang: Lang, sources: Set<string>): boolean {
  if (NAMES_PLAN[lang].test(text)) return true;
  return [...text.matchAll(/\$t\(([^,)]+)/g)].some((m) => sources.has(m[1]!.trim()));
}

/** Lists every citation problem, each naming its file and key. */
export function checkCitations(resources: Resources, planText: string): string[] {
  const problems: string[] = [];
  const plan = normalizeForQuote(planText);
  const sources = planSourceLines(resources);
  for (const lang of LANGS) {
    for (const [ns, tree] of Object.entries(resources[lang])) {
      for (const { path, value } of leaves(tree)) {
        const where = `${lang}/${ns}.yaml: ${path.join('.')}`;
        if (path.at(-1) === 'quote') {
          const passages = Array.isArray(value) ? value : [value];
          if (passages.length === 0) problems.push(`${where}: is empty`);
          for (const p of passages) {
            if (typeof p !== 'string' || normalizeForQuote(p).length < MIN_QUOTE_LENGTH)
              problems.push(`${where}: each quote must be a passage of at least ${MIN_QUOTE_LENGTH} characters`);
            else if (!plan.includes(normalizeForQuote(p))) problems.push(`${where}: "${p}" is not in the plan's text (content/${PLAN_FILE})`);
          }
          continue;
        }
        if (typeof value !== 'string' || isSourceLine(path) || !claimsPlan(value, lang, sources)) continue;
        const quotePath = [...path.slice(0, -1), 'quote'];
        if (at(resources.vi[ns], quotePath) === undefined) {
          problems.push(`${where}: says it comes from the plan, but vi/${ns}.yaml has no ${quotePath.join('.')} with the plan's words it rests on`);
        }
      }
    }
  }
  return problems;
}
