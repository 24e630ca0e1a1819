/**
 * How the FAQ reads what workers type: NFC, lower case, diacritics removed (the core `fold`), chat
 * abbreviations expanded (`ko` → không, `dc` → được, `antq` → an ninh Tổ quốc…) and filler words
 * dropped. The same function prepares the FAQ phrasings, so both sides meet in one vocabulary.
 */
import { fold } from '../core/normalize.js';

/** Chat abbreviations and teen-code, folded, with their folded expansion. */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  ko: 'khong',
  k: 'khong',
  kh: 'khong',
  kg: 'khong',
  hok: 'khong',
  hong: 'khong',
  hem: 'khong',
  khg: 'khong',
  dc: 'duoc',
  dk: 'duoc',
  duoc: 'duoc',
  ntn: 'nhu the nao',
  bn: 'bao nhieu',
  bnh: 'bao nhieu',
  bh: 'bao gio',
  bgio: 'bao gio',
  bjo: 'bao gio',
  h: 'gio',
  j: 'gi',
  ji: 'gi',
  gj: 'gi',
  antq: 'an ninh to quoc',
  antt: 'an ninh trat tu',
  kcn: 'khu cong nghiep',
  kcns: 'khu cong nghiep',
  tdbvantq: 'toan dan bao ve an ninh to quoc',
  tdbvantt: 'toan dan bao ve an ninh trat tu',
  bvantq: 'bao ve an ninh to quoc',
  bv: 'bao ve',
  cand: 'cong an nhan dan',
  bca: 'bo cong an',
  nd: 'nghi dinh',
  tt: 'thong tu',
  cp: 'chinh phu',
  cty: 'cong ty',
  cn: 'cong nhan',
  dn: 'doanh nghiep',
  nld: 'nguoi lao dong',
  ng: 'nguoi',
  ngta: 'nguoi ta',
  sdt: 'so dien thoai',
  dt: 'dien thoai',
  tk: 'tai khoan',
  mk: 'minh',
  mik: 'minh',
  mjk: 'minh',
  vs: 'voi',
  r: 'roi',
  lm: 'lam',
  bik: 'biet',
  bit: 'biet',
  ql: 'quan ly',
  bql: 'ban quan ly',
  pccc: 'phong chay chua chay',
  hnay: 'hom nay',
  hqua: 'hom qua',
  trc: 'truoc',
  ns: 'noi',
  nt: 'nhan tin',
  dky: 'dang ky',
  dki: 'dang ky',
  ki: 'ky',
};

/**
 * Words that carry no meaning for matching (politeness, pronouns, particles). English words that are
 * also Vietnamese syllables (an, to, the, do, me, my…) are kept.
 */
export const FILLERS: ReadonlySet<string> = new Set(
  `oi a ah ak nhe nha nhi ha vay v z e em anh chi minh toi tui ad admin xin voi shop
  is are does did i you your of for its this that there please pls`
    .split(/\s+/)
    .filter(Boolean),
);

/** The words of `text` as the matcher sees them, in order. */
export function questionTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of fold(text).split(' ')) {
    if (!word) continue;
    for (const w of (ABBREVIATIONS[word] ?? word).split(' ')) if (!FILLERS.has(w)) out.push(w);
  }
  return out;
}

/**
 * A question as it may be stored for editors: folded, abbreviations expanded, at most 120
 * characters, with long digit runs (phone or account numbers) masked as `#`.
 */
export function storableQuestion(text: string): string {
  const words = fold(text)
    .split(' ')
    .filter(Boolean)
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(' ')
    .replace(/\d{5,}/g, '#');
  return words.slice(0, 120).trim();
}
