import { describe, expect, it } from 'vitest';
import { clean, containsPhrase, fold, hasVietnameseMarks, matchChoice } from '../../src/core/normalize.js';
import { detectLanguage } from '../../src/core/lang.js';

describe('normalise', () => {
  it('turns decomposed Vietnamese into NFC and strips invisible characters', () => {
    const decomposed = 'Khẩu hiệu'.normalize('NFD');
    expect(decomposed).not.toBe('Khẩu hiệu');
    expect(clean(`  ${decomposed}\u200B \u202E `)).toBe('Khẩu hiệu');
  });

  it.each([
    ['Ngày Hội', 'ngay hoi'],
    ['ĐÌNH TRÁM', 'dinh tram'],
    ['Song Khê – Nội Hoàng', 'song khe noi hoang'],
    ['khẩu hiệu?!', 'khau hieu'],
    ['19/8', '19 8'],
    ['Hòa Phú', 'hoa phu'],
  ])('folds %s to %s', (input, folded) => {
    expect(fold(input)).toBe(folded);
  });

  it('matches whole words only', () => {
    expect(containsPhrase('ngay hoi la gi', 'ngay hoi')).toBe(true);
    expect(containsPhrase('hoi dap', 'hoi dap')).toBe(true);
    expect(containsPhrase('ai la', 'ai')).toBe(true);
    expect(containsPhrase('hai la', 'ai')).toBe(false);
    expect(containsPhrase('anything', '')).toBe(false);
  });

  it('accepts a typed choice by label with or without diacritics, or by number', () => {
    const labels = ['Đình Trám', 'Quang Châu', 'Song Khê – Nội Hoàng'];
    expect(matchChoice('Quang Chau', labels)).toBe(1);
    expect(matchChoice('quang châu', labels)).toBe(1);
    expect(matchChoice('song khe noi hoang', labels)).toBe(2);
    expect(matchChoice('3', labels)).toBe(2);
    expect(matchChoice('4', labels)).toBe(-1);
    expect(matchChoice('0', labels)).toBe(-1);
    expect(matchChoice('Quang', labels)).toBe(-1);
    expect(matchChoice('', labels)).toBe(-1);
  });

  it('recognises Vietnamese marks', () => {
    expect(hasVietnameseMarks('đi')).toBe(true);
    expect(hasVietnameseMarks('khi nào')).toBe(true);
    expect(hasVietnameseMarks('khi nao')).toBe(false);
  });
});

describe('language detection', () => {
  it.each([
    ['when is the festival?', 'en'],
    ['What are the slogans', 'en'],
    ['hello', 'en'],
    ['help', 'en'],
    ['ngay hoi la gi', 'vi'],
    ['ngày hội là gì', 'vi'],
    ['khau hieu', 'vi'],
    ['bao gio to chuc', 'vi'],
    ['ko biet', 'vi'],
    ['menu', undefined],
    ['19/8', undefined],
    ['', undefined],
  ] as const)('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });
});
