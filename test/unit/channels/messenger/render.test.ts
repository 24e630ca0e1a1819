import { describe, expect, it } from 'vitest';
import { renderMessage, renderMessages, withoutButtons } from '../../../../src/channels/messenger/render.js';
import type { MessengerMessage } from '../../../../src/channels/messenger/schema.js';
import type { Button } from '../../../../src/core/message.js';

const cp = (s: string) => [...s].length;
const textOf = (m: MessengerMessage) => ('text' in m ? m.text : m.attachment.type === 'template' ? m.attachment.payload.text : '');
const options = (n: number, title = (i: number) => `Mục ${i}`): Button[] =>
  Array.from({ length: n }, (_, i) => ({ title: title(i + 1), payload: `#opt:${i + 1}` }));

describe('renderMessage: text and quick replies', () => {
  it('sends short text with its buttons as quick replies', () => {
    expect(renderMessage({ text: 'Chọn:', buttons: options(2) })).toEqual([
      {
        text: 'Chọn:',
        quick_replies: [
          { content_type: 'text', title: 'Mục 1', payload: '#opt:1' },
          { content_type: 'text', title: 'Mục 2', payload: '#opt:2' },
        ],
      },
    ]);
    expect(renderMessage({ text: 'Xin chào' })).toEqual([{ text: 'Xin chào' }]);
  });

  it('splits 2,500 characters on a sentence boundary, with the quick replies on the last part only', () => {
    const sentence = 'Người lao động tích cực tham gia bảo vệ an ninh trật tự tại doanh nghiệp. ';
    const text = sentence
      .repeat(Math.ceil(2500 / cp(sentence)))
      .slice(0, 2500)
      .trimEnd();
    const out = renderMessage({ text, buttons: options(3) });
    expect(out).toHaveLength(2);
    for (const m of out) expect(cp(textOf(m))).toBeLessThanOrEqual(2000);
    expect(textOf(out[0]!).endsWith('.')).toBe(true);
    expect(out[0]!.quick_replies).toBeUndefined();
    expect(out[1]!.quick_replies).toHaveLength(3);
  });

  it('offers 14 options as a numbered list of all 14 plus 13 quick replies on one message', () => {
    const out = renderMessage({ text: 'Chọn KCN:', buttons: options(14) });
    expect(out).toHaveLength(1);
    for (let i = 1; i <= 14; i += 1) expect(textOf(out[0]!)).toContain(`${i}. Mục ${i}`);
    expect(out[0]!.quick_replies!.map((q) => q.payload)).toEqual(options(13).map((b) => b.payload));
  });

  it('shortens long titles to 20 characters and keeps the full labels in the text', () => {
    const long = options(3, (i) => `Khu công nghiệp Song Khê – Nội Hoàng ${i}`);
    const [msg] = renderMessage({ text: 'KCN nào?', buttons: long });
    for (const q of msg!.quick_replies!) {
      expect(cp(q.title)).toBeLessThanOrEqual(20);
      expect(q.title.endsWith('…')).toBe(true);
    }
    expect(textOf(msg!)).toContain('1. Khu công nghiệp Song Khê – Nội Hoàng 1');
    expect(textOf(msg!)).toContain('3. Khu công nghiệp Song Khê – Nội Hoàng 3');
  });

  it('keeps a 20-character title as it is', () => {
    const [msg] = renderMessage({ text: 'Ngôn ngữ', buttons: [{ title: 'Tiếng Việt / English', payload: '#lang' }] });
    expect(msg!.quick_replies![0]!.title).toBe('Tiếng Việt / English');
    expect(textOf(msg!)).toBe('Ngôn ngữ');
  });

  it('sends an image first, by URL', () => {
    expect(renderMessage({ text: 'Ảnh', image: 'https://example.org/a.png' })).toEqual([
      { attachment: { type: 'image', payload: { url: 'https://example.org/a.png', is_reusable: true } } },
      { text: 'Ảnh' },
    ]);
  });
});

describe('renderMessage: phone and link buttons', () => {
  // Made-up numbers in full international form: the only form Meta takes in a call button.
  const hotlines: Button[] = [
    { title: 'Trực ban KCN', payload: '+84 204 0000 001', kind: 'phone' },
    { title: 'Bảo vệ cổng 2', payload: '+84-204-0000-002', kind: 'phone' },
    { title: 'Đội PCCC', payload: '+842040000003', kind: 'phone' },
  ];
  const emergency: Button[] = [
    { title: 'Gọi 113 Công an', payload: '113', kind: 'phone' },
    { title: 'Gọi 114 Cứu hỏa', payload: '114', kind: 'phone' },
    { title: 'Cấp cứu', payload: '115', kind: 'phone' },
  ];

  it('puts numbers in full form in a button template with phone_number buttons', () => {
    expect(renderMessage({ text: 'Khẩn cấp, gọi ngay:', buttons: hotlines })).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Khẩn cấp, gọi ngay:',
            buttons: [
              { type: 'phone_number', title: 'Trực ban KCN', payload: '+842040000001' },
              { type: 'phone_number', title: 'Bảo vệ cổng 2', payload: '+842040000002' },
              { type: 'phone_number', title: 'Đội PCCC', payload: '+842040000003' },
            ],
          },
        },
      },
    ]);
  });

  it('sends short codes (113, 114, 115) as text, never as call buttons, adding only the numbers the text does not name', () => {
    expect(renderMessage({ text: 'Gọi ngay 113 nếu nguy hiểm.', buttons: [...emergency, { title: 'Về menu', payload: '#menu' }] })).toEqual([
      { text: 'Gọi ngay 113 nếu nguy hiểm.\nGọi 114 Cứu hỏa\nCấp cứu: 115', quick_replies: [{ content_type: 'text', title: 'Về menu', payload: '#menu' }] },
    ]);
    const mixed = renderMessage({ text: 'Số khẩn cấp: 113, 114, 115.', buttons: [...emergency, hotlines[0]!] });
    expect(mixed).toHaveLength(1);
    const only = mixed[0]!;
    expect('attachment' in only && only.attachment.type === 'template' && only.attachment.payload).toEqual({
      template_type: 'button',
      text: 'Số khẩn cấp: 113, 114, 115.',
      buttons: [{ type: 'phone_number', title: 'Trực ban KCN', payload: '+842040000001' }],
    });
  });

  it('has a text-only form of a message with buttons, for a second try when Meta refuses the buttons', () => {
    const [template] = renderMessage({
      text: 'Gọi trực ban:',
      buttons: [hotlines[0]!, { title: 'Trang web', payload: 'https://example.org', kind: 'url' }, { title: 'Về menu', payload: '#menu' }],
    });
    expect(withoutButtons(template!)).toEqual({ text: 'Gọi trực ban:\nTrực ban KCN: +842040000001\nTrang web: https://example.org\n1. Về menu' });
    expect(
      withoutButtons({
        text: 'Chọn:',
        quick_replies: [
          { content_type: 'text', title: 'Có', payload: '#a' },
          { content_type: 'text', title: 'Không', payload: '#b' },
        ],
      }),
    ).toEqual({ text: 'Chọn:\n1. Có\n2. Không' });
    expect(withoutButtons({ text: 'Chỉ có chữ.' })).toBeUndefined();
  });

  it('keeps at most 3 buttons and 640 characters per template (full labels of overflow buttons as its text), reply buttons as quick replies on the last message', () => {
    const text = 'Đường dây nóng. '.repeat(60).trim();
    const buttons: Button[] = [
      ...hotlines,
      { title: 'Trang web của Ban Quản lý', payload: 'https://example.org', kind: 'url' },
      { title: 'Về menu', payload: '#menu' },
    ];
    const out = renderMessage({ text, buttons });
    const templates = out.filter((m) => 'attachment' in m);
    expect(templates).toHaveLength(2);
    for (const t of templates) {
      const p = 'attachment' in t && t.attachment.type === 'template' ? t.attachment.payload : undefined;
      expect(p!.buttons.length).toBeLessThanOrEqual(3);
      expect(cp(p!.text)).toBeLessThanOrEqual(640);
      for (const b of p!.buttons) expect(cp(b.title)).toBeLessThanOrEqual(20);
    }
    expect(out.slice(0, -1).map(textOf).join(' ')).toBe(text);
    expect(textOf(out.at(-1)!)).toBe('Trang web của Ban Quản lý');
    expect(out.slice(0, -1).every((m) => !m.quick_replies)).toBe(true);
    expect(out.at(-1)!.quick_replies).toEqual([{ content_type: 'text', title: 'Về menu', payload: '#menu' }]);
    const last = out.at(-1)!;
    expect('attachment' in last && last.attachment.type === 'template' && last.attachment.payload.buttons[0]).toEqual({
      type: 'web_url',
      title: 'Trang web của Ban…',
      url: 'https://example.org',
    });
  });

  it('renders every reply of a turn in order', () => {
    expect(renderMessages([{ text: 'a' }, { text: 'b', buttons: options(1) }]).map(textOf)).toEqual(['a', 'b']);
  });
});
