/**
 * How the bot reads what workers type: one vocabulary for every matcher (choices at a step, flow
 * keywords, small talk, the FAQ). Text is folded (no case, no diacritics, no punctuation), chat spellings
 * are expanded (`ko` → không, `cty` → công ty) and emoji named, on what the user typed and on every phrase
 * in content alike, so both sides meet in one form. A word the texts never use is repaired when it is a
 * half-typed Telex or VNI word whose repair they do use (`khoong`, `ngayf`, `kho6ng` → không, ngày). The word lists are content (`content/chat.yaml`,
 * `content/<lang>/understanding.yaml` and the lists flows name); this file only knows how to compare.
 */
import type { I18n } from './i18n.js';
import { LANGS } from './message.js';
import { memoize } from './memo.js';
import { fold } from './normalize.js';

/** `content/chat.yaml`: chat spellings (folded → folded expansion), emoji (→ folded words) and filler words. */
export interface ChatSpelling {
  spellings: Readonly<Record<string, string>>;
  emoji: Readonly<Record<string, string>>;
  fillers: readonly string[];
  /**
   * Spellings whose meaning the next word decides (`dk`: `được`, but `đăng ký` in `dk tham gia`, `đã dk`):
   * `means` when the word before it is one of `after` (`hoa hong`: `hồng`, not `hông`), when the next word is one of
   * `before`, or when it is the last word (fillers aside) and follows one of `lastAfter`.
   */
  context?: Readonly<Record<string, { means: string; before: readonly string[]; lastAfter: readonly string[]; after?: readonly string[] }>>;
}

/** How much of a message a list of phrases accounts for. */
export interface PhraseMatch {
  /**
   * 0 to 1: {@link WHOLE} when the phrases, with neutral words, are the whole message; otherwise
   * `0.3 + 0.6 × coverage`: a phrase inside a longer message counts (0.6, enough to act on, from half of
   * it), but less than the message as a whole.
   */
  score: number;
  /** Share of the message's words that are a phrase of the list or a neutral word. */
  coverage: number;
  /** Words of the longest phrase found (a longer phrase is more specific: `không có` over `có`). */
  longest: number;
  /** Words that are a phrase of the list (not neutral or filler words). */
  phrased: number;
}

/** The score of a list that accounts for the whole message. */
export const WHOLE = 0.95;

/**
 * A feature's words as a reason to open it: `WHOLE × coverage²`. The more of the message they leave
 * unexplained, the less the message is about the feature in general (`ngày hội là gì`: all of it;
 * `tiền đâu mà tổ chức ngày hội vậy`: a question the general page does not answer).
 */
export const topicScore = (m: PhraseMatch) => WHOLE * m.coverage * m.coverage;

export interface Lexicon {
  /** The words of `text` as the bot reads them: folded, chat spellings expanded, emoji named. */
  tokens(text: string): string[];
  /** The tokens without filler words: what the FAQ matcher indexes and looks up. */
  terms(text: string): string[];
  /** The tokens that carry meaning: neither filler nor neutral words (`cho hỏi`, `là gì`, `ạ`). */
  content(tokens: readonly string[]): string[];
  /**
   * How the phrases listed under the i18n `key` (both languages; several keys: their lists together)
   * account for `tokens`; undefined when none occurs.
   */
  match(tokens: readonly string[], key: string | readonly string[]): PhraseMatch | undefined;
  /** True when a phrase listed under `key` occurs in `tokens`. */
  has(tokens: readonly string[], key: string): boolean;
  /** The tokens left when the phrases of `key` are taken out (`muốn tham gia ngày hội` without the festival's name: `muốn tham gia`). */
  without(tokens: readonly string[], key: string): string[];
  /** The tokens with each phrase of `key` replaced by `by` (the festival's long names read as `ngày hội`). */
  replace(tokens: readonly string[], key: string, by: readonly string[]): string[];
  /** How many of the first tokens are phrases of `key` (and filler words between them); 0 when the message does not start with one. */
  leading(tokens: readonly string[], key: string): number;
  /** True when the message reads as a question (a question mark, a question word, a final `không`…). */
  isQuestion(text: string, tokens: readonly string[]): boolean;
  /** A count typed as digits (`7`, `7 người`, `7ng`) or in words (`bảy`, `seven`), else undefined. */
  number(tokens: readonly string[]): number | undefined;
}

/** Phrases of a list, indexed by their first word. */
interface Compiled {
  byFirst: Map<string, string[][]>;
}

const NEUTRAL_KEY = 'understanding:neutral';
const NUMBERS_MAX = 20;
/** How many words back a negation makes a `gì` mean "nothing" (`không có phiếu xuất kho gì`). */
const NEGATION_REACH = 5;

/**
 * Repairs of a word typed with a Telex or VNI keyboard left half-applied, most likely first: VNI digits
 * dropped (`kho6ng`), Telex doubles and `w` undone (`khoong`, `chuwcs`), a tone key at the end dropped
 * (`ngayf`, `hooij`). Vietnamese syllables never end in s, f, r, x or j. A letter typed three times or more
 * (`cuuuu`) is one.
 */
function repairs(word: string): string[] {
  const out: string[] = [];
  // A letter held down (`cuuuu`, `alooo`): twice (`cứu` has two), else once. Not laughter (`kkkkk`: one letter only).
  if (/(\p{L})\1\1/u.test(word) && !/^(\p{L})\1*$/u.test(word)) out.push(word.replace(/(\p{L})\1{2,}/gu, '$1$1'), word.replace(/(\p{L})\1+/gu, '$1'));
  if (/^[a-z]+\d[a-z\d]*$/.test(word)) out.push(word.replace(/\d/g, ''));
  const undoubled = word
    .replace(/dd/g, 'd')
    .replace(/aa/g, 'a')
    .replace(/ee/g, 'e')
    .replace(/oo/g, 'o')
    .replace(/([aou])w/g, '$1')
    .replace(/w/g, 'u');
  if (undoubled !== word) out.push(undoubled);
  for (const w of [word, undoubled]) if (w.length >= 3 && /[sfrxj]$/.test(w)) out.push(w.slice(0, -1));
  return out;
}

/** Builds the lexicon over the texts (`i18n`, both languages) and the chat spellings. Lists are compiled once, on first use. */
export function createLexicon(i18n: I18n, chat: ChatSpelling): Lexicon {
  const fillers = new Set(chat.fillers);
  const emoji = Object.entries(chat.emoji);
  const compiled = new Map<string, Compiled>();
  /** Every word the texts use (folded): a typed word outside it may be a half-typed Telex or VNI one. */
  const vocabulary = new Set([...i18n.strings().flatMap((s) => fold(s).split(' ')), ...Object.values(chat.spellings).flatMap((w) => w.split(' '))]);
  // Own keys only: a word typed as `constructor` is not the object's constructor.
  const spelling = (word: string): string | undefined => (Object.hasOwn(chat.spellings, word) ? chat.spellings[word] : undefined);
  const repaired = memoize((word) => repairs(word).find((w) => vocabulary.has(w) || spelling(w) !== undefined) ?? word);

  function known(word: string): string {
    if (vocabulary.has(word) || spelling(word) !== undefined || /^\d+$/.test(word)) return word;
    return repaired(word);
  }

  function tokens(text: string): string[] {
    let t = text;
    for (const [symbol, words] of emoji) if (t.includes(symbol)) t = t.split(symbol).join(` ${words} `);
    const out: string[] = [];
    const words = fold(t)
      .split(' ')
      .filter(Boolean)
      .map((w) => known(w));
    words.forEach((word, i) => {
      const expanded = inContext(word, words, i) ?? spelling(word);
      if (expanded === undefined) out.push(word);
      else for (const w of expanded.split(' ')) if (w) out.push(w);
    });
    return out;
  }

  /** What `word` means at `i` when its context decides (see ChatSpelling.context), else undefined. */
  function inContext(word: string, words: readonly string[], i: number): string | undefined {
    const rule = chat.context && Object.hasOwn(chat.context, word) ? chat.context[word] : undefined;
    if (!rule) return undefined;
    const prev = words[i - 1];
    if (prev !== undefined && rule.after?.includes(prev)) return rule.means;
    const next = words.slice(i + 1).find((w) => !fillers.has(w));
    if (next !== undefined) return rule.before.includes(next) ? rule.means : undefined;
    return prev !== undefined && rule.lastAfter.includes(prev) ? rule.means : undefined;
  }

  function compile(key: string): Compiled {
    let c = compiled.get(key);
    if (c) return c;
    c = { byFirst: new Map() };
    for (const lang of LANGS) {
      for (const phrase of i18n.list(lang, key)) {
        const words = tokens(phrase);
        if (words.length === 0) continue;
        const list = c.byFirst.get(words[0]!) ?? [];
        if (!list.some((p) => p.join(' ') === words.join(' '))) list.push(words);
        c.byFirst.set(words[0]!, list);
      }
    }
    for (const list of c.byFirst.values()) list.sort((a, b) => b.length - a.length);
    compiled.set(key, c);
    return c;
  }

  /**
   * Marks the words of `tokens` covered by phrases of `key`, the longest occurrences first wherever they
   * are (no overlap), so `muốn gửi tin báo cho công an` is one phrase, not `muốn gửi tin báo` and a rest;
   * returns the longest phrase found.
   */
  function cover(tokens: readonly string[], key: string, covered: boolean[]): number {
    const { byFirst } = compile(key);
    const found: { at: number; length: number }[] = [];
    for (let i = 0; i < tokens.length; i++) {
      for (const phrase of byFirst.get(tokens[i]!) ?? []) {
        if (phrase.length <= tokens.length - i && phrase.every((w, j) => tokens[i + j] === w)) found.push({ at: i, length: phrase.length });
      }
    }
    found.sort((a, b) => b.length - a.length || a.at - b.at);
    let longest = 0;
    for (const { at, length } of found) {
      if (covered.slice(at, at + length).some(Boolean)) continue;
      for (let j = at; j < at + length; j++) covered[j] = true;
      longest = Math.max(longest, length);
    }
    return longest;
  }

  /** Marks a question's closing particle (`có tin gì mới không`, `… chưa`) as saying nothing about the topic. */
  function trailingParticle(toks: readonly string[], neutral: boolean[]): void {
    let end = toks.length;
    while (end > 0 && fillers.has(toks[end - 1]!)) end--;
    for (let n = Math.min(2, end); n >= 1; n--) {
      const tail = toks.slice(end - n, end);
      if (neutral.slice(end - n, end).some(Boolean)) continue;
      if (
        cover(
          tail,
          'understanding:question.final',
          tail.map(() => false),
        ) === n
      ) {
        for (let i = end - n; i < end; i++) neutral[i] = true;
        return;
      }
    }
  }

  // What depends on a message's tokens alone is worked out once per tokens array: a turn reads the same
  // array against every feature's words (about 80 phrase look-ups for a question, a third of them these).
  const once = <T>(work: (toks: readonly string[]) => T) => {
    const known = new WeakMap<readonly string[], T>();
    return (toks: readonly string[]): T => {
      if (known.has(toks)) return known.get(toks) as T;
      const value = work(toks);
      known.set(toks, value);
      return value;
    };
  };

  /** The words that say nothing of the topic: fillers, neutral phrases and a question's closing particle. */
  const neutralWords = once((toks): readonly boolean[] => {
    const neutral = toks.map((t) => fillers.has(t));
    cover(toks, NEUTRAL_KEY, neutral);
    trailingParticle(toks, neutral);
    return neutral;
  });

  function match(toks: readonly string[], key: string | readonly string[]): PhraseMatch | undefined {
    if (toks.length === 0) return undefined;
    const keys = typeof key === 'string' ? [key] : key;
    const covered = toks.map(() => false);
    let longest = Math.max(...keys.map((k) => cover(toks, k, covered)));
    // Pronouns and particles inside a phrase (`sự kiện em đã đăng ký`): the phrases are found without them too.
    const kept = toks.flatMap((t, i) => (fillers.has(t) ? [] : [i]));
    if (kept.length < toks.length) {
      const keptCovered = kept.map(() => false);
      longest = Math.max(
        longest,
        ...keys.map((k) =>
          cover(
            kept.map((i) => toks[i]!),
            k,
            keptCovered,
          ),
        ),
      );
      kept.forEach((i, j) => {
        if (keptCovered[j]) covered[i] = true;
      });
    }
    if (longest === 0) return undefined;
    const neutral = neutralWords(toks);
    const count = toks.reduce((n, _, i) => n + (covered[i] || neutral[i] ? 1 : 0), 0);
    const coverage = count / toks.length;
    return { score: coverage === 1 ? WHOLE : 0.3 + 0.6 * coverage, coverage, longest, phrased: covered.filter(Boolean).length };
  }

  let numberWords: { value: number; words: string[] }[] | undefined;
  function number(toks: readonly string[]): number | undefined {
    for (const t of toks) {
      const digits = /^(\d{1,4})(?:[a-z]*)$/.exec(t);
      if (digits) return Number(digits[1]);
    }
    numberWords ??= Array.from({ length: NUMBERS_MAX + 1 }, (_, value) =>
      LANGS.flatMap((lang) => i18n.list(lang, `understanding:numbers.${value}`)).map((w) => ({ value, words: tokens(w) })),
    )
      .flat()
      .filter((n) => n.words.length > 0)
      .sort((a, b) => b.words.length - a.words.length);
    for (let i = 0; i < toks.length; i++) {
      const hit = numberWords.find((n) => n.words.every((w, j) => toks[i + j] === w));
      if (hit) return hit.value;
    }
    return undefined;
  }

  /** Words of the phrase of `key` that `toks` starts with (0: none). */
  function leadingPhrase(toks: readonly string[], key: string): number {
    const first = toks[0];
    if (first === undefined) return 0;
    return (compile(key).byFirst.get(first) ?? []).find((p) => p.every((w, j) => toks[j] === w))?.length ?? 0;
  }

  /**
   * Which words are a `gì` that means "nothing" (`chưa thấy gì`, `không có phiếu gì cả`): one of
   * `question.what` a few words after a negation (`question.negation`) that is not one of not knowing
   * (`không biết là gì` still asks: `question.unknowing`), in the same clause (`mất xe mà không có camera
   * thì làm gì`: the negation is the condition, `thì` asks: `question.then`).
   */
  function negatedWhat(toks: readonly string[]): boolean[] {
    const what = compile('understanding:question.what').byFirst;
    const then = compile('understanding:question.then').byFirst;
    return toks.map((t, i) => {
      if (!what.get(t)?.some((p) => p.length === 1)) return false;
      for (let j = Math.max(0, i - NEGATION_REACH); j < i; j++) {
        const from = toks.slice(j, i);
        if (from.some((w) => then.has(w))) continue;
        if (leadingPhrase(from, 'understanding:question.negation') > 0 && leadingPhrase(from, 'understanding:question.unknowing') === 0) return true;
      }
      return false;
    });
  }

  const contentWords = once((toks): readonly string[] => {
    const neutral = toks.map((t) => fillers.has(t));
    cover(toks, NEUTRAL_KEY, neutral);
    return toks.filter((_, i) => !neutral[i]);
  });
  const content = (toks: readonly string[]): string[] => [...contentWords(toks)];

  /** Whether the words ask something (the text's question mark aside). */
  const asks = once((toks): boolean => {
    const nothing = negatedWhat(toks);
    const words = toks.filter((t, i) => !fillers.has(t) && !nothing[i]);
    if (words.length === 0) return false;
    if (leadingPhrase(words, 'understanding:question.start') > 0) return true;
    // Question phrases may hold filler words (`is that a`); `ngày nào cũng` (every day), `không sao` (fine) ask nothing.
    const asksNothing = [...nothing];
    cover(toks, 'understanding:question.not', asksNothing);
    // The last words, unless a negated `gì` or a phrase that asks nothing was among them (`chưa thấy gì`, `giờ không
    // sao`: the words before them do not end a question).
    const last = toks.map((t, i) => (asksNothing[i] ? undefined : fillers.has(t) ? '' : t)).filter((t) => t !== '');
    for (let n = 1; n <= 2 && n <= last.length; n++) {
      const tail = last.slice(-n);
      if (
        tail.every((t) => t !== undefined) &&
        cover(
          tail,
          'understanding:question.final',
          tail.map(() => false),
        ) === n
      )
        return true;
    }
    return cover(toks, 'understanding:question.words', asksNothing) > 0;
  });

  return {
    tokens,
    terms: (text) => tokens(text).filter((w) => !fillers.has(w)),
    content,
    match,
    has: (toks, key) =>
      cover(
        toks,
        key,
        toks.map(() => false),
      ) > 0,
    without(toks, key) {
      const covered = toks.map(() => false);
      cover(toks, key, covered);
      return toks.filter((_, i) => !covered[i]);
    },
    replace(toks, key, by) {
      const covered = toks.map(() => false);
      if (cover(toks, key, covered) === 0) return [...toks];
      // A run of covered words is one phrase or several side by side: either way, one `by`.
      return toks.flatMap((t, i) => (!covered[i] ? [t] : i > 0 && covered[i - 1] ? [] : [...by]));
    },
    leading(toks, key) {
      const { byFirst } = compile(key);
      let i = 0;
      let found = false;
      while (i < toks.length) {
        if (fillers.has(toks[i]!)) {
          i += 1;
          continue;
        }
        const phrase = (byFirst.get(toks[i]!) ?? []).find((p) => p.every((w, j) => toks[i + j] === w));
        if (!phrase) break;
        found = true;
        i += phrase.length;
      }
      return found ? i : 0;
    },
    isQuestion: (text, toks) => /[?？]/.test(text) || asks(toks),
    number,
  };
}
