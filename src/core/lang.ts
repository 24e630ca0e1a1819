/**
 * Guesses whether a short chat message is English or Vietnamese. Libraries such as franc need longer
 * text and cannot tell Vietnamese typed without diacritics from other languages, so this uses two
 * small word lists: any Vietnamese mark means Vietnamese; otherwise English only when English words
 * clearly outnumber Vietnamese syllables. `undefined` means "no clear signal".
 */
import type { Lang } from './message.js';
import { fold, hasVietnameseMarks } from './normalize.js';

const ENGLISH = new Set(
  `a an the is are was were be been am i you he she it we they me my your our their this that these those
  what when where who whom whose why how which do does did can could will would should shall may might must
  have has had of in on at to for from with about into by and or but not no yes please thanks thank hello hi hey
  there here want need know tell show give get help information info festival day date dates time slogan slogans
  report sign up event events police security safety park parks worker workers language english start
  if so any some all more much many what's when's where's who's how's i'm don't can't isn't`.split(/\s+/),
);

const VIETNAMESE = new Set(
  `la gi khi nao bao gio o dau ai the nao tai sao vi sao co khong ko k dc duoc la nhu ntn bn bao nhieu
  ngay hoi toi minh ban anh chi em oi a nha nhe voi cho cua va hay hoac nhung cac mot hai ba muon biet xem
  khau hieu to giac dang ky tro giup huy ngon ngu tieng viet nam cong nhan an ninh trat tu doanh nghiep kcn
  xin chao cam on vang da roi chua lam sao dien ra tham gia duoc phep gio o dau thang nam`.split(/\s+/),
);

/**
 * Words that say nothing about the language: Vietnamese workers type them too (`ok`, `hi`, `thanks`,
 * `sorry`), so they never switch a conversation to English.
 */
const CHAT_ENGLISH = new Set('ok okay oke hi hello hey bye thanks thank sorry yes no please info help start'.split(' '));

/**
 * Returns 'en' or 'vi' when the text says clearly which, else undefined. English needs a sentence: at
 * least two English words besides the ones everybody types (`hi`, `ok`, `thanks`), and no Vietnamese.
 */
export function detectLanguage(text: string | undefined): Lang | undefined {
  if (!text) return undefined;
  if (hasVietnameseMarks(text)) return 'vi';
  const words = fold(text).split(' ').filter(Boolean);
  if (words.length === 0) return undefined;
  let en = 0;
  let vi = 0;
  for (const w of words) {
    if (ENGLISH.has(w) && !CHAT_ENGLISH.has(w)) en += 1;
    if (VIETNAMESE.has(w)) vi += 1;
  }
  if (vi > 0 && vi >= en) return 'vi';
  if (en >= 2 && en > vi) return 'en';
  return undefined;
}
