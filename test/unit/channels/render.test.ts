import { describe, expect, it } from 'vitest';
import { fitMessage, shortenTitle, splitText } from '../../../src/channels/render.js';

const cp = (s: string) => [...s].length;

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('Xin chào.', 2000)).toEqual(['Xin chào.']);
  });

  it('splits on sentence boundaries within the limit', () => {
    const sentence = 'Người lao động tích cực tham gia bảo vệ an ninh trật tự. ';
    const text = sentence.repeat(60);
    const parts = splitText(text, 2000);
    expect(parts.length).toBe(2);
    for (const p of parts) {
      expect(cp(p)).toBeLessThanOrEqual(2000);
      expect(p.endsWith('.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text.trim());
  });

  it('prefers paragraph breaks, and cuts words only when nothing else fits', () => {
    const para = `${'a'.repeat(70)}\n${'b'.repeat(50)}`;
    expect(splitText(para, 100)).toEqual(['a'.repeat(70), 'b'.repeat(50)]);
    expect(splitText('x'.repeat(250), 100).map(cp)).toEqual([100, 100, 50]);
  });

  it('counts code points, not UTF-16 units, and never splits an emoji', () => {
    const parts = splitText('😀'.repeat(30), 20);
    expect(parts.map(cp)).toEqual([20, 10]);
    expect(parts.join('')).toBe('😀'.repeat(30));
  });
});

describe('fitMessage', () => {
  const buttons = Array.from({ length: 7 }, (_, i) => ({ title: `Mục ${i + 1}`, payload: `#p${i + 1}` }));

  it('caps buttons and offers the rest as numbered options that continue the numbering', () => {
    const out = fitMessage({ text: 'Chọn:', buttons }, { maxText: 2000, maxButtons: 4, maxButtonTitle: 100 });
    expect(out).toHaveLength(2);
    expect(out[0]!.buttons!.map((b) => b.payload)).toEqual(['#p1', '#p2', '#p3', '#p4']);
    expect(out[1]!.text).toBe('5. Mục 5\n6. Mục 6\n7. Mục 7');
    expect(out[1]!.buttons!.map((b) => b.payload)).toEqual(['#p5', '#p6', '#p7']);
  });

  it('can keep one message, listing every option by number, with the first buttons shown', () => {
    const out = fitMessage({ text: 'Chọn:', buttons }, { maxText: 2000, maxButtons: 4, maxButtonTitle: 100, overflow: 'text' });
    expect(out).toHaveLength(1);
    expect(out[0]!.buttons!.map((b) => b.payload)).toEqual(['#p1', '#p2', '#p3', '#p4']);
    expect(out[0]!.text).toBe(`Chọn:\n\n${buttons.map((b, i) => `${i + 1}. ${b.title}`).join('\n')}`);
  });

  it('falls back to a numbered list when the channel has no buttons', () => {
    const out = fitMessage({ text: 'Chọn:', buttons: buttons.slice(0, 2) }, { maxText: 2000, maxButtons: 0, maxButtonTitle: 20 });
    expect(out).toEqual([{ text: 'Chọn:\n\n1. Mục 1\n2. Mục 2' }]);
  });

  it('shortens long titles and keeps the full labels in the text', () => {
    const long = [{ title: 'Song Khê – Nội Hoàng (khu công nghiệp)', payload: '#k' }];
    const out = fitMessage({ text: 'KCN nào?', buttons: long }, { maxText: 2000, maxButtons: 13, maxButtonTitle: 20 });
    expect(cp(out[0]!.buttons![0]!.title)).toBeLessThanOrEqual(20);
    expect(out[0]!.buttons![0]!.title.endsWith('…')).toBe(true);
    expect(out[0]!.text).toContain('1. Song Khê – Nội Hoàng (khu công nghiệp)');
  });

  it('puts the buttons on the last part of a long text', () => {
    const out = fitMessage({ text: 'Câu. '.repeat(600), buttons: buttons.slice(0, 2) }, { maxText: 2000, maxButtons: 4, maxButtonTitle: 20 });
    expect(out.length).toBe(2);
    expect(out[0]!.buttons).toBeUndefined();
    expect(out[1]!.buttons).toHaveLength(2);
  });

  it('shortens at a word boundary', () => {
    expect(shortenTitle('Thành phần tham dự Ngày hội', 14)).toBe('Thành phần…');
    expect(shortenTitle('Ngắn', 14)).toBe('Ngắn');
  });
});
