import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../src/core/i18n.js';
import { createLexicon } from '../../../src/core/lexicon.js';
import { createFaqMatcher, pairsOf, SEARCH, termIndex, type Doc } from '../../../src/core/matcher.js';
import { storableQuestion } from '../../../src/faq/normalize.js';
import { content } from '../../helpers/bot.js';

const lexicon = createLexicon(createI18n(content.resources), content.data.chat);
const questionTerms = lexicon.terms;
const matcher = createFaqMatcher(content.data.faq.entries, questionTerms);

describe('FAQ normalisation', () => {
  it('folds diacritics, expands chat abbreviations and drops filler words', () => {
    expect(questionTerms('Cty e có đc tham gia ngày hội ko ạ?')).toEqual(['cong', 'ty', 'co', 'duoc', 'tham', 'gia', 'ngay', 'hoi', 'khong']);
    expect(questionTerms('ntn, bn, antq, antt, kcn, tdbvantq')).toEqual(
      'nhu the nao bao nhieu an ninh to quoc an ninh trat tu khu cong nghiep toan dan bao ve an ninh to quoc'.split(' '),
    );
  });

  it('treats NFD input like NFC', () => {
    expect(questionTerms('Tín dụng đen'.normalize('NFD'))).toEqual(questionTerms('Tín dụng đen'));
  });

  it('stores a question without long digit runs (phone or account numbers)', () => {
    expect(storableQuestion('Số 0912345678 của tôi bị lừa ko?')).toBe('so # cua toi bi lua khong');
  });
});

describe('FAQ matching', () => {
  it('answers a clear question typed without diacritics, with abbreviations and a typo', () => {
    expect(matcher.match('tin dung den la gi vay ad')).toMatchObject({ kind: 'answer', id: 'loan-shark' });
    expect(matcher.match('cty co phai co bao ve 24/24 ko')).toMatchObject({ kind: 'answer', id: 'duty-enterprises' });
    expect(matcher.match('nghi dinh 111 quy dinh gi')).toMatchObject({ kind: 'answer', id: 'law-decree-111' });
    expect(matcher.match('phong chay chua chay o nha mayy')).toMatchObject({ kind: 'answer', id: 'fire' });
  });

  it('offers the best questions when unsure, and nothing for unrelated text', () => {
    const unsure = matcher.match('slogans list');
    expect(unsure.kind).toBe('suggest');
    expect(unsure.kind === 'suggest' && unsure.ids).toContain('slogans');
    expect(matcher.match('xyzzy qwerty').kind).toBe('none');
    expect(matcher.match('gia vang hom nay').kind).toBe('none');
  });
});

describe('the index that remembers each term', () => {
  /** What the matcher did before it remembered terms: one MiniSearch search of the whole query, each entry's best score over the best. */
  function wholeSearch(docs: Doc[]): (query: readonly string[]) => Map<string, number> {
    const mini = new MiniSearch<Doc>({
      fields: ['text', 'pairs'],
      storeFields: ['entry'],
      tokenize: (s) => s.split(' ').filter(Boolean),
      processTerm: (t) => t,
    });
    mini.addAll(docs);
    return (query) => {
      const out = new Map<string, number>();
      for (const r of mini.search(query.join(' '), SEARCH)) if (!out.has(r.entry as string)) out.set(r.entry as string, r.score);
      const top = Math.max(0, ...out.values());
      for (const [id, s] of out) out.set(id, top > 0 ? s / top : 0);
      return out;
    };
  }

  it('ranks every example message and phrasing exactly as one whole search does: same entries, same order, same scores', () => {
    const docs: Doc[] = content.data.faq.entries
      .flatMap((e) =>
        [...e.questions.vi, ...e.questions.en].map((q) => ({ entry: e.id, text: questionTerms(q).join(' '), pairs: pairsOf(questionTerms(q)).join(' ') })),
      )
      .map((d, id) => ({ id, ...d }));
    const remembering = termIndex(docs);
    const whole = wholeSearch(docs);
    const texts = [...content.data.examples.map((e) => e.q), ...docs.map((d) => d.text), 'la gi la gi', 'ngay hoi ngay hoi co gi'];
    let compared = 0;
    // A second time for some: every term is remembered then.
    for (const round of [1, 2])
      for (const text of round === 1 ? texts : texts.slice(0, 500)) {
        const words = questionTerms(text);
        const query = [...words, ...pairsOf(words)];
        const expected = [...whole(query)];
        expect([...remembering(query)], `${text} (round ${round})`).toEqual(expected);
        if (expected.length > 1) compared += 1;
      }
    expect(compared).toBeGreaterThan(4_000);
  });
});
