/**
 * Matches a free-text question to an FAQ entry with MiniSearch (BM25 ranking, fuzzy and prefix
 * matching), read by the same `terms` as everything the bot understands (core/lexicon.ts: folded, chat
 * spellings expanded, filler words dropped). Two indexes: every phrasing alone (a question close to one
 * way of asking), and every entry as the sum of its phrasings (a question that mixes the words of
 * several). Syllable pairs are indexed too, because Vietnamese meaning sits in two-syllable words
 * (`an ninh`, `khi nao`). The decision is a value: answer one entry, suggest up to three, or none.
 * It serves the FAQ (flows/faq.ts) and the router, which indexes the features' keyword lists with it.
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import { memoize } from './memo.js';

/** Thresholds on the confidence (0..1) of the best entry, tuned with `npm run bench:understanding` (tuning and development sets). */
export interface FaqThresholds {
  /** At or above: answer with the best entry. */
  answerAt: number;
  /** At or above (and below `answerAt`): offer the best entries as buttons. */
  suggestAt: number;
}

/** What is matched against: an id and its phrasings in both languages (an FAQ entry, a feature's keywords). */
export interface PhraseSet {
  id: string;
  questions: { vi: readonly string[]; en: readonly string[] };
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
  | {
      kind: 'suggest';
      ids: string[];
      confidence: number;
      covered: number;
      /** How far the best entry's score is ahead of the next one's (0..1). */
      lead: number;
    }
  | { kind: 'none'; confidence: number };

export interface FaqMatcher {
  /** Entries ranked for the question, with the confidence of the first and what it is made of. */
  rank(text: string): Ranking;
  /** The decision for the question under the thresholds. */
  match(text: string): FaqMatch;
}

/** Entries ranked for a question, best first, and the confidence in the first. */
export interface Ranking {
  ranked: RankedEntry[];
  confidence: number;
  /** The share of the question's meaning (its words, by weight) the first entry's phrasings hold (0..1). */
  covered: number;
}

export interface Doc {
  id: number;
  entry: string;
  text: string;
  pairs: string;
}

export const pairsOf = (terms: readonly string[]) => terms.slice(1).map((t, i) => `${terms[i]}_${t}`);

/**
 * Bounds on what a question may send to the index: fuzzy search allocates about length² bytes per
 * word (a 500,000-character word threw a RangeError, a 20,000-character one took 400 MB), and no FAQ
 * phrasing has a word this long or this many words.
 */
const MAX_TERM_LENGTH = 40;
const MAX_TERMS = 64;
/** Vietnamese syllables are short and close to each other (dang, danh, dan): one typo is tolerated from 5 letters, two from 8. */
export const SEARCH: SearchOptions = {
  boost: { pairs: 2 },
  fuzzy: (term) => (term.includes('_') || term.length < 5 ? 0 : term.length >= 8 ? 2 : 1),
  prefix: (term) => !term.includes('_') && term.length >= 5,
  combineWith: 'OR',
};
/** How much the entry index counts in the ranking, against the phrasing index. */
const ENTRY_WEIGHT = 0.7;
/** Words in at most this many entries anchor a match to its entry. */
const ANCHOR_ENTRIES = 3;

/**
 * Query terms whose matches each index remembers: their words and syllable pairs recur from question to
 * question. About 400 bytes a term and index: the 3,726 example messages (11,304 terms) leave 8 MB in the FAQ's two.
 */
const REMEMBERED_TERMS = 10_000;

/** One query term's matches in an index: the documents (by their number) and the term's score in each, in MiniSearch's order. */
interface TermHits {
  docs: Int32Array;
  scores: Float64Array;
}

/**
 * An index of documents numbered 0, 1, 2…, searched as MiniSearch searches a query (`combineWith: 'OR'`:
 * each document's score is the sum of its query terms' scores times how many distinct terms it matches),
 * with each term's matches remembered: finding a term's exact, prefix and fuzzy matches and scoring them
 * was most of an FAQ turn's cost (`npm run bench:turns`), and it depends on the term alone. The order of
 * the documents found is MiniSearch's too (ties keep it), so the ranking is the same as a whole search's
 * (test/unit/core/matcher.test.ts compares them).
 */
export function termIndex(docs: readonly Doc[]): (query: readonly string[]) => Map<string, number> {
  const mini = new MiniSearch<Doc>({ fields: ['text', 'pairs'], storeFields: ['entry'], tokenize: (s) => s.split(' ').filter(Boolean), processTerm: (t) => t });
  mini.addAll(docs);
  const entryIds = [...new Set(docs.map((d) => d.entry))];
  const entryOf = Int32Array.from(docs, (d) => entryIds.indexOf(d.entry));
  /** A query of one term: its results, which a filter sees in the order MiniSearch found them (before sorting). */
  const hits = memoize((term): TermHits => {
    const found: number[] = [];
    const scores: number[] = [];
    mini.search(term, {
      ...SEARCH,
      filter: (r) => {
        found.push(r.id as number);
        scores.push(r.score);
        return false;
      },
    });
    return { docs: Int32Array.from(found), scores: Float64Array.from(scores) };
  }, REMEMBERED_TERMS);

  // Work space of one search, made once and left zeroed after each (searches run one at a time).
  const sum = new Float64Array(docs.length);
  const matched = new Uint16Array(docs.length);
  const bestScore = new Float64Array(entryIds.length);
  const bestAt = new Int32Array(entryIds.length).fill(-1);

  /** Each entry's best score for the query, divided by the best of all (0..1), best first. */
  return function scores(query: readonly string[]): Map<string, number> {
    // Every term's matches first: nothing below can throw and leave the work space dirty.
    const termHits = query.map(hits);
    const order: number[] = [];
    for (let i = 0; i < query.length; i++) {
      const term = query[i]!;
      const { docs: found, scores: termScores } = termHits[i]!;
      // A term asked twice adds its score twice and counts once, as in MiniSearch.
      const first = query.indexOf(term) === i;
      for (let k = 0; k < found.length; k++) {
        const d = found[k]!;
        // Seen first here (a term's second time only finds documents its first time found).
        if (matched[d] === 0) order.push(d);
        sum[d] = sum[d]! + termScores[k]!;
        if (first) matched[d] = matched[d]! + 1;
      }
    }
    // Per entry, its best document; ties between entries go to the document found first (MiniSearch's stable sort).
    const entries: number[] = [];
    for (let at = 0; at < order.length; at++) {
      const d = order[at]!;
      const score = sum[d]! * (matched[d] || 1);
      sum[d] = 0;
      matched[d] = 0;
      const e = entryOf[d]!;
      if (bestAt[e] === -1) entries.push(e);
      else if (score <= bestScore[e]!) continue;
      bestScore[e] = score;
      bestAt[e] = at;
    }
    entries.sort((a, b) => bestScore[b]! - bestScore[a]! || bestAt[a]! - bestAt[b]!);
    const top = entries.length > 0 ? Math.max(0, bestScore[entries[0]!]!) : 0;
    const out = new Map<string, number>();
    for (const e of entries) {
      out.set(entryIds[e]!, top > 0 ? bestScore[e]! / top : 0);
      bestAt[e] = -1;
    }
    return out;
  };
}

/** Builds the matcher over the entries' phrasings in both languages. */
export function createFaqMatcher(entries: readonly PhraseSet[], terms: (text: string) => string[], thresholds: FaqThresholds = DEFAULT_THRESHOLDS): FaqMatcher {
  const phrasings: Doc[] = [];
  const wholes: Doc[] = [];
  /** The words (and syllable pairs) of each entry, and in how many entries each word is. */
  const vocabulary = new Map<string, Set<string>>();
  const entriesWith = new Map<string, number>();
  /** Each phrasing's words, joined: a question that is a phrasing word for word is that entry. */
  const verbatim = new Map<string, string>();
  for (const e of entries) {
    const words: string[] = [];
    for (const q of [...e.questions.vi, ...e.questions.en]) {
      const w = terms(q);
      if (!verbatim.has(w.join(' '))) verbatim.set(w.join(' '), e.id);
      phrasings.push({ id: phrasings.length, entry: e.id, text: w.join(' '), pairs: pairsOf(w).join(' ') });
      words.push(...w);
    }
    const pairs = pairsOf(words);
    wholes.push({ id: wholes.length, entry: e.id, text: words.join(' '), pairs: pairs.join(' ') });
    const own = new Set([...words, ...pairs]);
    vocabulary.set(e.id, own);
    for (const w of own) entriesWith.set(w, (entriesWith.get(w) ?? 0) + 1);
  }
  /** A word's weight: rarer among entries, heavier; a word no entry uses weighs most (the question is about something else). */
  const weight = (w: string) => Math.log(1 + entries.length / (entriesWith.get(w) ?? 1));

  const byPhrasing = termIndex(phrasings);
  const byEntry = termIndex(wholes);

  /** The share of the question's meaning (each word by its weight) that the entry's phrasings hold. */
  function coverage(best: RankedEntry, words: readonly string[]): number {
    const own = vocabulary.get(best.id)!;
    const unique = [...new Set(words)];
    const total = unique.reduce((sum, w) => sum + weight(w), 0);
    return unique.reduce((sum, w) => sum + (own.has(w) ? weight(w) : 0), 0) / total;
  }

  /**
   * Confidence in the best entry: the share of the question's meaning its words cover, a little less
   * when the runner-up is close, and less when none of the words is one that only a few entries use (a
   * question made of common words, `công ty năm nay lương bao nhiêu`).
   */
  function confidence(best: RankedEntry, runnerUp: number, words: readonly string[], covered: number): number {
    const own = vocabulary.get(best.id)!;
    const anchored = [...new Set(words), ...pairsOf(words)].some((w) => own.has(w) && (entriesWith.get(w) ?? Infinity) <= ANCHOR_ENTRIES);
    const margin = 1 - runnerUp / best.score;
    // 1 is kept for a question that is a phrasing word for word.
    return Math.min(0.99, covered * (0.7 + 0.3 * margin) * (anchored ? 1 : 0.8));
  }

  function rank(text: string): Ranking {
    const words = terms(text)
      .filter((w) => w.length <= MAX_TERM_LENGTH)
      .slice(0, MAX_TERMS);
    if (words.length === 0) return { ranked: [], confidence: 0, covered: 0 };
    const query = [...words, ...pairsOf(words)];
    const phrasing = byPhrasing(query);
    const entry = byEntry(query);
    const ranked = [...new Set([...phrasing.keys(), ...entry.keys()])]
      .map((id) => ({ id, score: (1 - ENTRY_WEIGHT) * (phrasing.get(id) ?? 0) + ENTRY_WEIGHT * (entry.get(id) ?? 0) }))
      .sort((a, b) => b.score - a.score);
    const best = ranked[0];
    if (!best || best.score <= 0) return { ranked, confidence: 0, covered: 0 };
    const covered = coverage(best, words);
    if (verbatim.get(words.join(' ')) === best.id) return { ranked, confidence: 1, covered };
    return { ranked, confidence: confidence(best, ranked[1]?.score ?? 0, words, covered), covered };
  }

  return {
    rank,
    match(text) {
      const { ranked, confidence: c, covered } = rank(text);
      if (ranked.length > 0 && c >= thresholds.answerAt) return { kind: 'answer', id: ranked[0]!.id, confidence: c };
      if (ranked.length > 0 && c >= thresholds.suggestAt) {
        const lead = ranked[0]!.score - (ranked[1]?.score ?? 0);
        return { kind: 'suggest', ids: ranked.slice(0, 3).map((r) => r.id), confidence: c, covered, lead };
      }
      return { kind: 'none', confidence: c };
    },
  };
}
