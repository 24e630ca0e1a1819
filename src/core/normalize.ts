/**
 * Vietnamese-aware text normalisation: NFC for storage and display, and a folded copy (lower case,
 * no diacritics, no punctuation) for matching, so `Quang Chau` matches `Quang Châu`.
 */
import { memoize } from './memo.js';

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** NFC, invisible characters removed, whitespace collapsed and trimmed. */
export function clean(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Lower case, diacritics removed (đ → d), punctuation turned into spaces, whitespace collapsed. */
export const fold: (text: string) => string = memoize(foldText);

function foldText(text: string): string {
  return clean(text)
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when `text` contains any Vietnamese-specific letter or tone mark. */
export function hasVietnameseMarks(text: string): boolean {
  return /[đĐ]/.test(text) || /\p{M}/u.test(text.normalize('NFD'));
}

/** A Vietnamese mobile number (10 digits starting 03, 05, 07, 08 or 09; `+84` / `84` prefixes normalised) as `0xxxxxxxxx`, or undefined. */
export function normalizeMobile(input: string): string | undefined {
  let digits = input.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (/^84\d{9}$/.test(digits)) digits = `0${digits.slice(2)}`;
  return /^0[35789]\d{8}$/.test(digits) ? digits : undefined;
}
