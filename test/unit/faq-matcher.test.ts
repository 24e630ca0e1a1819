import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { benchSetSchema, runBench } from '../../src/faq/bench.js';
import { createFaqMatcher } from '../../src/faq/matcher.js';
import { questionTerms, storableQuestion } from '../../src/faq/normalize.js';
import { content } from '../helpers/bot.js';

const matcher = createFaqMatcher(content.data.faq.entries);
const set = (name: string) => benchSetSchema.parse(parse(readFileSync(new URL(`../faq/${name}.yaml`, import.meta.url), 'utf8')));

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
    const unsure = matcher.match('slogans this year');
    expect(unsure.kind).toBe('suggest');
    expect(unsure.kind === 'suggest' && unsure.ids).toContain('slogans');
    expect(matcher.match('xyzzy qwerty').kind).toBe('none');
    expect(matcher.match('gia vang hom nay').kind).toBe('none');
  });
});

describe('FAQ benchmark (test/faq)', () => {
  it('has at least 80 labelled phrasings, split into tuning and held-out parts that do not overlap', () => {
    const tuning = set('tuning');
    const heldout = set('heldout');
    expect(tuning.length + heldout.length).toBeGreaterThanOrEqual(80);
    const seen = new Set(tuning.map((p) => p.q));
    expect(heldout.filter((p) => seen.has(p.q))).toEqual([]);
    const ids = new Set(content.data.faq.entries.map((e) => e.id));
    for (const p of [...tuning, ...heldout]) if (p.expect) expect(ids, p.q).toContain(p.expect);
  });

  it('reaches at least 90% top-1 on the held-out part, with at most 3% wrong answers above the threshold', () => {
    const r = runBench(matcher, set('heldout'));
    expect(r.top1Rate).toBeGreaterThanOrEqual(0.9);
    expect(r.wrongAnsweredRate).toBeLessThanOrEqual(0.03);
  });

  it('never answers a wrong entry above the threshold on the tuning part', () => {
    expect(runBench(matcher, set('tuning')).wrongAnswered).toBe(0);
  });
});
