/**
 * Matches a free-text question to an FAQ entry with MiniSearch (BM25 ranking, fuzzy and prefix
 * matching) over every phrasing of every entry, read by the same `terms` as everything the bot
 * understands (core/lexicon.ts: folded, chat spellings expanded, filler words dropped). Syllable pairs
 * are indexed too, because Vietnamese meaning sits in two-syllable words (`an ninh`, `khi nao`).
 * The decision is a value: answer one entry, suggest up to three, or none.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { FaqEntryData } from '../core/content-news.js';

/** Thresholds on the confidence (0..1) of the best entry, tuned with `npm run bench:faq` on test/faq/tuning.yaml. */
export interface FaqThresholds {
  /** At or above: answer with the best entry. */
  answerAt: number;
  /** At or above (and below `answerAt`): offer the best entries as buttons. */
  suggestAt: number;
}

export const DEFAULT_THRESHOLDS: FaqThresholds = { answerAt: 0.55, suggestAt: 0.3 };

/** One entry in the ranking, best first. */
export interface RankedEntry {
  id: string;
  score: number;
}

/** What to do with a question. */
export type FaqMatch =
  | { kind: 'answer'; id: string; confidence: number }
  | { kind: 'suggest'; ids: string[]; confidence: number }
  | { kind: 'none'; confidence: number };

export interface FaqMatcher {
  /** Entries ranked for the question, with the confidence of the first. */
  rank(text: string): { ranked: RankedEntry[]; confidence: number };
  /** The decision for the question under the thresholds. */
  match(text: string): FaqMatch;
}

interface Doc {
  id: number;
  entry: string;
  text: string;
  pairs: string;
}

const pairsOf = (terms: string[]) => terms.slice(1).map((t, i) => `${terms[i]}_${t}`);

/** Vietnamese syllables are short and close to each other (dang, danh, dan): one typo is tolerated from 5 letters, two from 8. */
/**
 * Bounds on what a question may send to the index: fuzzy search allocates about length² bytes per
 * word (a 500,000-character word threw a RangeError, a 20,000-character one took 400 MB), and no FAQ
 * phrasing has a word this long or this many words.
 */
const MAX_TERM_LENGTH = 40;
const MAX_TERMS = 64;
const fuzzy = (term: string) => (term.includes('_') || term.length < 5 ? 0 : term.length >= 8 ? 2 : 1);
const prefix = (term: string) => !term.includes('_') && term.length >= 5;

/**
 * Confidence of the best result: the share of the question's meaning it matched (each word weighted
 * by its rarity among the phrasings, so that "công ty" counts less than "tín dụng"; a word no
 * phrasing uses weighs most; a word matched only through a typo or a prefix counts half), lowered when
 * the runner-up entry scores almost as well.
 */
function confidence(best: SearchResult | undefined, runnerUp: number, words: string[], weight: (w: string) => number): number {
  if (!best || words.length === 0) return 0;
  const matched = new Set(best.queryTerms);
  const exact = new Set(best.terms);
  const total = words.reduce((sum, w) => sum + weight(w), 0);
  const found = words.reduce((sum, w) => sum + (exact.has(w) ? weight(w) : matched.has(w) ? weight(w) / 2 : 0), 0);
  const coverage = found / total;
  const pairs = best.queryTerms.some((t) => t.includes('_')) ? 1 : 0;
  const margin = 1 - runnerUp / best.score;
  return Math.min(1, coverage * (0.6 + 0.2 * pairs + 0.4 * margin));
}

/** Builds the matcher over the entries' phrasings in both languages. */
export function createFaqMatcher(
  entries: readonly FaqEntryData[],
  terms: (text: string) => string[],
  thresholds: FaqThresholds = DEFAULT_THRESHOLDS,
): FaqMatcher {
  const index = new MiniSearch<Doc>({
    fields: ['text', 'pairs'],
    storeFields: ['entry'],
    tokenize: (s) => s.split(' ').filter(Boolean),
    processTerm: (t) => t,
  });
  let n = 0;
  const docFrequency = new Map<string, number>();
  for (const e of entries) {
    for (const q of [...e.questions.vi, ...e.questions.en]) {
      const words = terms(q);
      index.add({ id: n++, entry: e.id, text: words.join(' '), pairs: pairsOf(words).join(' ') });
      for (const t of new Set(words)) docFrequency.set(t, (docFrequency.get(t) ?? 0) + 1);
    }
  }
  /** Inverse document frequency; a word no phrasing uses counts as rarer than any. */
  const weight = (w: string) => Math.log(1 + n / (docFrequency.get(w) ?? 0.5));

  function rank(text: string): { ranked: RankedEntry[]; confidence: number } {
    const words = terms(text).filter((w) => w.length <= MAX_TERM_LENGTH).slice(0, MAX_TERMS);
    if (words.length === 0) return { ranked: [], confidence: 0 };
    const query = [...words, ...pairsOf(words)].join(' ');
    const results = index.search(query, { boost: { pairs: 2 }, fuzzy, prefix, combineWith: 'OR' });
    const best = new Map<string, SearchResult>();
    for (const r of results) {
      const entry = r.entry as string;
      if (!best.has(entry)) best.set(entry, r);
    }
    const top = [...best.values()];
    const ranked = top.map((r) => ({ id: r.entry as string, score: r.score }));
    return { ranked, confidence: confidence(top[0], top[1]?.score ?? 0, [...new Set(words)], weight) };
  }

  return {
    rank,
    match(text) {
      const { ranked, confidence: c } = rank(text);
      if (ranked.length > 0 && c >= thresholds.answerAt) return { kind: 'answer', id: ranked[0]!.id, confidence: c };
      if (ranked.length > 0 && c >= thresholds.suggestAt) return { kind: 'suggest', ids: ranked.slice(0, 3).map((r) => r.id), confidence: c };
      return { kind: 'none', confidence: c };
    },
  };
}
