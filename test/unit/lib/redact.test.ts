/** Personal details masked before free text is kept (the FAQ's unanswered questions). */
import { describe, expect, it } from 'vitest';
import { maskedQuestion } from '../../../src/faq/unanswered.js';
import { redactPersonal } from '../../../src/lib/redact.js';

describe('redactPersonal', () => {
  it.each([
    ['Gọi 0912 345 678 nhé', 'Gọi # nhé'],
    ['sdt 0912.345.678', 'sdt #'],
    ['+84 912 345 678 la so cua ai', '# la so cua ai'],
    ['xe 98B1-123.45 màu đỏ', 'xe # màu đỏ'],
    ['biển 29A12345', 'biển #'],
    ['biển số 30E 123.45', 'biển số #'],
    ['bien 98-B1 234 56 do ai', 'bien # do ai'],
    ['tin TG-7K3M9Q sao rồi', 'tin # sao rồi'],
    ['ma dk abc234 huy the nao', 'ma # huy the nao'],
    ['ma bi mat 7K3M9QAB2C', 'ma bi mat #'],
    ['cccd 001203001234', 'cccd #'],
    ['stk 1903 6541 2300 19', 'stk #'],
    ['mã số 12345', 'mã số #'],
    ['email lan.nguyen@gmail.com', 'email #'],
  ])('masks %j', (text, masked) => {
    expect(redactPersonal(text)).toBe(masked);
  });

  it.each(['ngày 20.7.2026 lúc 21.30 có gì', 'gọi 113 hoặc 114', 'giá 3.500.000 đồng', 'dk ko', 'mp3 covid19 19h30', 'tầng 2 phòng 205', 'Quý 4 năm 2026'])(
    'leaves %j alone',
    (text) => {
      expect(redactPersonal(text)).toBe(text);
    },
  );
});

describe('maskedQuestion', () => {
  it('masks first, then folds and expands chat words, so a masked detail cannot come back', () => {
    expect(maskedQuestion('Sđt 0912 345 678 của cán bộ phụ trách là ai?')).toBe('so dien thoai # cua can bo phu trach la ai');
    expect(maskedQuestion('xe 98B1-123.45 bi lay, bao o dau dc ko')).toBe('xe # bi lay bao o dau duoc khong');
    expect(maskedQuestion('DK-ABC234')).toBe('#');
  });
});
