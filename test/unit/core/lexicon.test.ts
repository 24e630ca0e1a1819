import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../src/core/i18n.js';
import { createLexicon, WHOLE } from '../../../src/core/lexicon.js';
import { matchChoice } from '../../../src/core/router.js';
import { content } from '../../helpers/bot.js';

const lexicon = createLexicon(createI18n(content.resources), content.data.chat);
const choose = (text: string, labels: string[]) => {
  const m = matchChoice(
    lexicon,
    text,
    lexicon.tokens(text),
    labels.map((title, i) => ({ title, payload: `#p:${i}` })),
  );
  return m && 'index' in m ? m.index : m ? 'ambiguous' : -1;
};

describe('lexicon', () => {
  it('reads chat spellings, emoji and half-typed Telex or VNI words as the words they stand for', () => {
    expect(lexicon.tokens('Cty e ko dc 👍')).toEqual(['cong', 'ty', 'e', 'khong', 'duoc', 'ok']);
    expect(lexicon.tokens('khoong')).toEqual(['khong']);
    expect(lexicon.tokens('khi naof to chuwcs ngayf hooij')).toEqual(['khi', 'nao', 'to', 'chuc', 'ngay', 'hoi']);
    expect(lexicon.tokens('kho6ng')).toEqual(['khong']);
    // A letter held down is read twice (`cứu`) or once (`alo`); laughter (`kkkkk`) is left as typed.
    expect(lexicon.tokens('cuuuu alooo')).toEqual(['cuu', 'alo']);
    expect(lexicon.tokens('kkkkk')).toEqual(['kkkkk']);
    // A word that is a property of every object is a word like any other.
    expect(lexicon.tokens('constructor toString __proto__')).toEqual(['constructor', 'tostring', 'proto']);
    // `dk` is `được`, unless what follows (or `đã` before it, at the end) says it is `đăng ký`.
    expect(lexicon.tokens('co dk nghi ko')).toEqual(['co', 'duoc', 'nghi', 'khong']);
    expect(lexicon.tokens('dk tham gia')).toEqual(['dang', 'ky', 'tham', 'gia']);
    expect(lexicon.tokens('minh da dk a')).toEqual(['minh', 'da', 'dang', 'ky', 'a']);
    // `hong` is `hông` (không), but `hồng`, `hỏng` after `hoa`, `bị`…
    expect(lexicon.tokens('hong biet')).toEqual(['khong', 'biet']);
    expect(lexicon.tokens('nhan hoa hong, camera bi hong')).toEqual(['nhan', 'hoa', 'hong', 'camera', 'bi', 'hong']);
    expect(lexicon.tokens('Tín dụng đen'.normalize('NFD'))).toEqual(lexicon.tokens('Tín dụng đen'));
  });

  it('replaces each phrase of a list by the words given, leaving the rest in place', () => {
    const festival = lexicon.tokens('ngày hội');
    expect(lexicon.replace(lexicon.tokens('ngay hoi toan dan bao ve antq co tu nam nao'), 'understanding:festival_names', festival)).toEqual(
      lexicon.tokens('ngày hội có từ năm nào'),
    );
    expect(lexicon.replace(lexicon.tokens('antq la gi'), 'understanding:festival_names', festival)).toEqual(lexicon.tokens('antq la gi'));
  });

  it('scores a phrase list by the share of the message it accounts for', () => {
    expect(lexicon.match(lexicon.tokens('không'), 'understanding:intents.no')).toMatchObject({ score: WHOLE, coverage: 1 });
    // Neutral words do not make a message less about its topic.
    expect(lexicon.match(lexicon.tokens('ngày hội là gì vậy ad'), 'festival:keywords')?.coverage).toBe(1);
    const partial = lexicon.match(lexicon.tokens('ai tổ chức ngày hội'), 'festival:keywords');
    expect(partial?.score).toBeLessThan(0.8);
  });

  it("counts a question's closing particle as neutral, and finds a phrase with a pronoun inside it", () => {
    expect(lexicon.match(lexicon.tokens('co tin gi moi ko ad'), 'news:news.keywords')?.coverage).toBe(1);
    expect(lexicon.match(lexicon.tokens('xem lai su kien e da dang ky'), 'signup:mine_keywords')?.coverage).toBe(1);
    // A particle is neutral only at the end: `không` inside a message still counts against the topic.
    expect(lexicon.match(lexicon.tokens('khong co tin gi moi'), 'news:news.keywords')?.coverage).toBeLessThan(1);
  });

  it('tells questions from statements, though many words fold alike (đau / đâu)', () => {
    expect(lexicon.isQuestion('ngay hoi to chuc o dau', lexicon.tokens('ngay hoi to chuc o dau'))).toBe(true);
    expect(lexicon.isQuestion('cong nhan co dc tham gia ko', lexicon.tokens('cong nhan co dc tham gia ko'))).toBe(true);
    const told = 'hôm qua cả ca bị đau bụng ngộ độc';
    expect(lexicon.isQuestion(told, lexicon.tokens(told))).toBe(false);
    // `ngày nào cũng` is every day, `không báo ai` told nobody: no question.
    for (const story of ['to truong ngay nao cung thu tien ghi lo de', 'co dam chay nho ma cty giau ko bao ai'])
      expect(lexicon.isQuestion(story, lexicon.tokens(story))).toBe(false);
    expect(lexicon.isQuestion('ngay nao to chuc', lexicon.tokens('ngay nao to chuc'))).toBe(true);
    // `không sao` at the end is "fine", not `… sao?`.
    expect(lexicon.isQuestion('chuyen tu hom qua r, gio ko sao', lexicon.tokens('chuyen tu hom qua r, gio ko sao'))).toBe(false);
    expect(lexicon.isQuestion('bi mat xe thi lam sao', lexicon.tokens('bi mat xe thi lam sao'))).toBe(true);
  });

  it('reads `gì` after a negation as "nothing", unless the negation is not knowing', () => {
    const asks = (text: string) => lexicon.isQuestion(text, lexicon.tokens(text));
    expect(asks('bao cong an xa roi ma chua thay gi')).toBe(false);
    expect(asks('cho ra cong sau, ko co phieu xuat kho gi ca')).toBe(false);
    // Not knowing asks; a `gì` with no negation before it asks; a final particle after it still asks.
    expect(asks('e ko biet ngay hoi nay la cai gi')).toBe(true);
    expect(asks('ngay hoi co gi vui')).toBe(true);
    expect(asks('khong co tin gi moi chu')).toBe(true);
    // A negation in a condition (`… không có camera thì làm gì`): `thì` asks.
    expect(asks('mat xe ma ko co camera thi lam gi duoc')).toBe(true);
  });

  it('reads counts typed in digits, with units, or in words', () => {
    for (const [text, n] of [
      ['7', 7],
      ['7 người', 7],
      ['7ng', 7],
      ['bảy', 7],
      ['tam 6 nguoi', 6],
      ['mười hai', 12],
      ['seven', 7],
    ] as const) {
      expect(lexicon.number(lexicon.tokens(text)), text).toBe(n);
    }
    expect(lexicon.number(lexicon.tokens('đông lắm'))).toBeUndefined();
  });
});

describe('typed choices', () => {
  const labels = ['Đình Trám', 'Quang Châu', 'Song Khê – Nội Hoàng'];
  it('accepts a label with or without diacritics, part of a label, or its number', () => {
    expect(choose('Quang Chau', labels)).toBe(1);
    expect(choose('quang châu', labels)).toBe(1);
    expect(choose('song khe noi hoang', labels)).toBe(2);
    expect(choose('noi hoang', labels)).toBe(2);
    expect(choose('3', labels)).toBe(2);
    expect(choose('4', labels)).toBe(-1);
    expect(choose('0', labels)).toBe(-1);
    expect(choose('', labels)).toBe(-1);
  });

  it('takes the button whose phrases fit the answer best: the longer phrase wins (`không có` over `có`)', () => {
    const yesNo = [
      { title: 'Có, để lại liên lạc', payload: '#yes', means: 'understanding:intents.yes' },
      { title: 'Không, giữ ẩn danh', payload: '#no', means: 'understanding:intents.no' },
    ];
    const pick = (text: string) => {
      const m = matchChoice(lexicon, text, lexicon.tokens(text), yesNo);
      return m && 'index' in m ? yesNo[m.index]!.payload : undefined;
    };
    for (const no of ['không', 'khong', 'ko', 'k', 'hok', 'không có', 'ko dong y', 'no']) expect(pick(no), no).toBe('#no');
    for (const yes of ['có', 'co', 'ừ', 'uh', 'ok', 'dc', 'được', 'vâng', 'dạ có', 'yes', '👍']) expect(pick(yes), yes).toBe('#yes');
  });

  it('does not guess between two labels that fit alike', () => {
    expect(choose('khẩn cấp', ['Có, đang khẩn cấp', 'Không khẩn cấp'])).toBe('ambiguous');
  });
});
