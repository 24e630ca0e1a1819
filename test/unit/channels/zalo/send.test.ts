import { describe, expect, it } from 'vitest';
import { toZaloButton, toZaloParts, ZALO_LIMITS, type TextMessage, type ZaloPart } from '../../../../src/channels/zalo/send.js';
import type { Button } from '../../../../src/core/message.js';

const texts = (parts: ZaloPart[]) => parts.flatMap((p) => ('message' in p ? [p.message] : []));
const buttons = (m: TextMessage) => m.attachment?.payload.buttons ?? [];
const reply = (n: number): Button[] => Array.from({ length: n }, (_, i) => ({ title: `Mục ${i + 1}`, payload: `#item:${i + 1}` }));

describe('toZaloButton', () => {
  it('maps reply buttons to oa.query.hide (the click comes back as text), links and phone numbers to their types', () => {
    expect(toZaloButton({ title: 'Ngày hội', payload: '#festival' })).toEqual({ title: 'Ngày hội', type: 'oa.query.hide', payload: '#festival' });
    expect(toZaloButton({ title: 'Web', payload: 'https://example.vn', kind: 'url' })).toEqual({
      title: 'Web',
      type: 'oa.open.url',
      payload: { url: 'https://example.vn' },
    });
    expect(toZaloButton({ title: 'Gọi 113', payload: '113', kind: 'phone' })).toEqual({
      title: 'Gọi 113',
      type: 'oa.open.phone',
      payload: { phone_code: '113' },
    });
  });
});

describe('toZaloParts', () => {
  it('sends text with its buttons as one message with a buttons template', () => {
    expect(toZaloParts([{ text: 'Chọn', buttons: reply(2) }])).toEqual([
      {
        message: {
          text: 'Chọn',
          attachment: { type: 'template', payload: { buttons: [toZaloButton(reply(2)[0]!), toZaloButton(reply(2)[1]!)] } },
        },
      },
    ]);
    expect(toZaloParts([{ text: 'Chỉ chữ' }])).toEqual([{ message: { text: 'Chỉ chữ' } }]);
  });

  it('shows at most 4 buttons and lists every option by number in the same message, numbers matching the order', () => {
    const parts = texts(toZaloParts([{ text: 'Chọn', buttons: reply(7) }]));
    expect(parts).toHaveLength(1);
    expect(buttons(parts[0]!).map((b) => b.payload)).toEqual(['#item:1', '#item:2', '#item:3', '#item:4']);
    expect(parts[0]!.text).toBe('Chọn\n\n1. Mục 1\n2. Mục 2\n3. Mục 3\n4. Mục 4\n5. Mục 5\n6. Mục 6\n7. Mục 7');
  });

  it('splits text over 2,000 characters on sentence boundaries, buttons on the last part', () => {
    const sentence = 'Ngày hội toàn dân bảo vệ an ninh Tổ quốc được tổ chức hằng năm vào ngày 19 tháng 8. ';
    const long = sentence.repeat(60).trim();
    const parts = texts(toZaloParts([{ text: long, buttons: reply(1) }]));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect([...p.text].length).toBeLessThanOrEqual(ZALO_LIMITS.maxText);
      expect(p.text.endsWith('.')).toBe(true);
    }
    expect(parts.map((p) => p.text).join(' ')).toBe(long);
    expect(parts.slice(0, -1).every((p) => !p.attachment)).toBe(true);
    expect(buttons(parts.at(-1)!)).toHaveLength(1);
  });

  it('counts code points, so Vietnamese in decomposed form is not cut short', () => {
    const nfd = 'Bảo vệ an ninh. '.normalize('NFD').repeat(130);
    for (const p of texts(toZaloParts([{ text: nfd }]))) expect([...p.text].length).toBeLessThanOrEqual(2000);
  });

  it('shortens button titles over 100 characters and keeps the full labels as a numbered list', () => {
    const title = 'Thành phần tham dự '.repeat(8).trim();
    const [m] = texts(toZaloParts([{ text: 'Chọn', buttons: [{ title, payload: '#festival:who' }] }]));
    expect([...buttons(m!)[0]!.title].length).toBeLessThanOrEqual(100);
    expect(m!.text).toContain(`1. ${title}`);
  });

  it('sends an image just before its text', () => {
    expect(toZaloParts([{ text: 'Ảnh', image: 'https://example.vn/a.png' }])).toEqual([{ image: 'https://example.vn/a.png' }, { message: { text: 'Ảnh' } }]);
  });
});
