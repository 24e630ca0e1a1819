/**
 * Editing the FAQ: an entry's title and answer in both languages, its phrasings (the ways workers ask),
 * its follow-up questions and the plan's words its answer rests on; new entries; a phrasing added from
 * the unanswered questions; revert; and a preview of the answer as the bot sends it. Every change is
 * checked inside the content it would make (festival schemas, citations, texts it includes).
 */
import type { Lang } from '../core/message.js';
import { faqAnswerButtons } from '../festival/faq-broadcasts.js';
import { seasonParams } from '../festival/season.js';
import type { LiveSnapshot } from './live.js';
import { saveVersion, type Editor, type SaveDeps } from './save.js';
import { faqDocSchema, type EditProblem, type EditResult, type FaqDoc, type FaqRecord } from './types.js';
import { checkFaqEntry, nfc, problemsOf } from './validate.js';

export interface FaqEditDeps extends SaveDeps {
  /** The seed's entry by id, with its texts (for ids taken and a revert to the seed). */
  seedFaq(id: string): FaqDoc | undefined;
  /** The values texts may use (`{{year}}`, `{{keepSignupDays}}`…). */
  textParams: ReadonlySet<string>;
}

/** What the dashboard sends for an entry: texts, phrasings, follow-ups and quote (its feature buttons stay as they are). */
export interface FaqInput {
  texts?: unknown;
  questions?: unknown;
  more?: unknown;
  quote?: unknown;
}

/** One message of a preview: its text and the titles of its buttons. */
export interface PreviewMessage {
  text: string;
  buttons: string[];
}

const invalid = (problems: EditProblem[]) => ({ ok: false as const, error: 'invalid' as const, problems });
const lines = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' ? v.split('\n') : v);
/** Phrasings as typed in the dashboard: trimmed, empty lines dropped, each once. */
const phrasings = (v: unknown) => {
  const list = lines(v);
  return Array.isArray(list) ? [...new Set(list.map((q) => (typeof q === 'string' ? q.trim() : q)).filter((q) => q !== ''))] : list;
};

export function createFaqEdits(deps: FaqEditDeps) {
  const find = async (id: string) => (await deps.live.refresh()).catalogue.faq.find((r) => r.id === id);

  /** The document an input makes for entry `id` (keeping the feature buttons of `before`), or its problems. */
  function docOf(id: string, input: FaqInput, before?: FaqDoc): { ok: true; doc: FaqDoc } | { ok: false; problems: EditProblem[] } {
    const q = (input.questions ?? {}) as Record<string, unknown>;
    const quote = lines(input.quote);
    const raw = nfc({
      entry: {
        id,
        questions: { vi: phrasings(q.vi), en: phrasings(q.en) },
        ...(input.more === undefined ? (before?.entry.more ? { more: before.entry.more } : {}) : { more: input.more }),
        ...(before?.entry.buttons ? { buttons: before.entry.buttons } : {}),
      },
      texts: input.texts,
      ...(Array.isArray(quote) && quote.some((p) => String(p).trim()) ? { quote: quote.map((p) => String(p).trim()).filter(Boolean) } : {}),
    });
    const parsed = faqDocSchema.safeParse(raw);
    return parsed.success ? { ok: true, doc: parsed.data } : { ok: false, problems: problemsOf(parsed.error, raw) };
  }

  /** The live content with `doc` saved as version `v`, and the problems of the entry in it. */
  function candidate(doc: FaqDoc, v: number, by: string): { snapshot: LiveSnapshot; problems: EditProblem[] } {
    const at = deps.clock().toISOString();
    const snapshot = deps.live.withDoc({ kind: 'faq', id: doc.entry.id, version: { v, at, by, action: 'update', changed: [], value: doc } });
    return { snapshot, problems: checkFaqEntry(doc, snapshot.content, snapshot.i18n, deps.textParams) };
  }

  async function save(
    r: FaqRecord | undefined,
    doc: FaqDoc,
    who: Editor,
    action: 'create' | 'update' | 'revert',
    revertOf?: number,
  ): Promise<EditResult<FaqRecord>> {
    const { problems } = candidate(doc, (r?.version ?? 0) + 1, who.username);
    if (problems.length) return invalid(problems);
    if (r && JSON.stringify(doc) === JSON.stringify(r.doc)) return { ok: true, value: r };
    const id = doc.entry.id;
    const saved = await saveVersion(deps, { kind: 'faq', id, previous: r?.version ?? 0, before: r?.doc }, doc, { action, by: who.username, revertOf });
    return saved.ok ? { ok: true, value: deps.live.current().catalogue.faq.find((x) => x.id === id)! } : saved;
  }

  async function existing(id: string, expected?: number): Promise<EditResult<FaqRecord>> {
    const r = await find(id);
    if (!r) return { ok: false, error: 'not_found' };
    if (expected !== undefined && expected !== r.version) return { ok: false, error: 'conflict' };
    return { ok: true, value: r };
  }

  /** Replaces an entry's texts, phrasings, follow-ups and quote; `expected`: the version the editor saw. */
  async function updateFaq(id: string, input: FaqInput, who: Editor, expected?: number): Promise<EditResult<FaqRecord>> {
    const found = await existing(id, expected);
    if (!found.ok) return found;
    const built = docOf(id, input, found.value.doc);
    return built.ok ? save(found.value, built.doc, who, 'update') : invalid(built.problems);
  }

  return {
    /** A new entry (`id`: lower case, digits and dashes). */
    async createFaq(id: unknown, input: FaqInput, who: Editor): Promise<EditResult<FaqRecord>> {
      const key = typeof id === 'string' ? id.trim() : '';
      const built = docOf(key, input);
      if (!built.ok) return invalid(built.problems);
      if (deps.seedFaq(key) || (await find(key))) return { ok: false, error: 'exists' };
      return save(undefined, built.doc, who, 'create');
    },

    updateFaq,

    /** Adds one way of asking to an entry (a question workers asked that the bot could not answer). */
    async addPhrasing(id: string, lang: Lang, text: unknown, who: Editor): Promise<EditResult<FaqRecord>> {
      const phrasing = typeof text === 'string' ? text.normalize('NFC').trim() : '';
      if (phrasing.length < 2) return invalid([{ field: `entry.questions.${lang}`, rule: 'required', message: 'a phrasing of at least 2 characters' }]);
      const found = await existing(id);
      if (!found.ok) return found;
      const { entry, texts, quote } = found.value.doc;
      const questions = { ...entry.questions, [lang]: [...entry.questions[lang], phrasing] };
      return updateFaq(id, { texts, questions, quote }, who);
    },

    /** Restores version `v` (0: the seed's entry): a new version. */
    async revertFaq(id: string, v: number, who: Editor): Promise<EditResult<FaqRecord>> {
      const found = await existing(id);
      if (!found.ok) return found;
      const old = v === 0 ? deps.seedFaq(id) : ((await deps.store.history('faq', id)).find((x) => x.v === v)?.value as FaqDoc | undefined);
      if (!old) return { ok: false, error: 'not_found' };
      const parsed = faqDocSchema.safeParse(old);
      return parsed.success ? save(found.value, parsed.data, who, 'revert', v) : invalid(problemsOf(parsed.error, old));
    },

    /**
     * The answer of an entry (`id`, new or not) with `input` as the bot would send it in `lang` now:
     * its text with every included text and value filled in, and its buttons; or the problems that
     * saving it would meet.
     */
    async previewFaq(
      id: string,
      input: FaqInput,
      lang: Lang,
      now: Date,
      who: Editor,
    ): Promise<EditResult<{ messages: PreviewMessage[]; problems: EditProblem[] }>> {
      const before = (await find(id))?.doc ?? deps.seedFaq(id);
      const built = docOf(id, input, before);
      if (!built.ok) return invalid(built.problems);
      const { snapshot, problems } = candidate(built.doc, 1, who.username);
      const { i18n, content } = snapshot;
      const text = i18n.t(lang, `faq:entries.${id}.answer`, seasonParams(now, content.data, lang));
      const buttons = faqAnswerButtons(built.doc.entry).map((b) => i18n.t(lang, b.key, b.params));
      return { ok: true, value: { messages: [{ text, buttons }], problems } };
    },
  };
}
