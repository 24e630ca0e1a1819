import { describe, expect, it } from 'vitest';
import { clean, fold, hasVietnameseMarks } from '../../../src/core/normalize.js';
import { detectLanguage } from '../../../src/core/lang.js';

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
    ['show me the slogans', 'en'],
    // Words Vietnamese workers type too never switch the language on their own.
    ['hello', undefined],
    ['hi', undefined],
    ['ok', undefined],
    ['thanks', undefined],
    ['help', undefined],
    ['ok thanks', undefined],
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
