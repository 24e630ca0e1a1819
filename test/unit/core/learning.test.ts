import { describe, expect, it } from 'vitest';
import { createLearning, type Examples } from '../../../src/core/learning.js';

const read = (text: string) => text.split(' ');
/** Examples that teach `phrase` to mean `outcome`, beside a few others. */
const teach = (phrase: string, outcome: string): Examples => ({
  list: [
    ...Array.from({ length: 20 }, (_, i) => ({ text: `${phrase} ${'x'.repeat(i % 3)}`.trim(), outcome })),
    ...Array.from({ length: 20 }, (_, i) => ({ text: `ngay hoi o dau ${'y'.repeat(i % 3)}`.trim(), outcome: 'faq:festival-where' })),
  ],
  tokens: read,
});
const label = (l: ReturnType<typeof createLearning>, text: string) => l.classifier()?.classify(read(text))?.label;

describe('the classifier kept in step with the content', () => {
  it('is trained on first use; after an edit the one before serves until the new one is trained', async () => {
    const errors: unknown[] = [];
    const l = createLearning((err) => errors.push(err));
    l.use(teach('plugh', 'faq:rewards'));
    expect(label(l, 'plugh')).toBe('faq:rewards');
    l.use(teach('plugh', 'faq:theft'));
    expect(label(l, 'plugh')).toBe('faq:rewards');
    await l.ready();
    expect(label(l, 'plugh')).toBe('faq:theft');
    expect(errors).toEqual([]);
  });

  it('an edit during a training supersedes it; an edit back to the examples served needs no training', async () => {
    const l = createLearning((err) => {
      throw err;
    });
    l.use(teach('xyzzy', 'faq:rewards'));
    await l.ready();
    l.use(teach('xyzzy', 'faq:theft'));
    l.use(teach('xyzzy', 'faq:scam'));
    await l.ready();
    expect(label(l, 'xyzzy')).toBe('faq:scam');
    // Back to the examples served while another one trains: served at once, the training dropped.
    l.use(teach('xyzzy', 'faq:fire'));
    l.use(teach('xyzzy', 'faq:scam'));
    expect(label(l, 'xyzzy')).toBe('faq:scam');
    await l.ready();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(label(l, 'xyzzy')).toBe('faq:scam');
  });

  it('a training that fails is reported, and the classifier before serves on', async () => {
    const errors: unknown[] = [];
    const l = createLearning((err) => errors.push(err));
    l.use(teach('frobozz', 'faq:rewards'));
    await l.ready();
    l.use({
      ...teach('frobozz', 'faq:theft'),
      tokens: () => {
        throw new Error('cannot read');
      },
    });
    await l.ready();
    expect(errors).toHaveLength(1);
    expect(label(l, 'frobozz')).toBe('faq:rewards');
  });
});
