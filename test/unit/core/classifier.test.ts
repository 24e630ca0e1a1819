import { describe, expect, it } from 'vitest';
import { outcomePayload, trainClassifier, trainInBackground } from '../../../src/core/classifier.js';

const examples = [
  ['ngay hoi dien ra khi nao', 'faq:festival-when'],
  ['bao gio to chuc ngay hoi', 'faq:festival-when'],
  ['ngay hoi to chuc vao ngay nao', 'faq:festival-when'],
  ['ngay hoi to chuc o dau', 'faq:festival-where'],
  ['dia diem to chuc ngay hoi', 'faq:festival-where'],
  ['ngay hoi o cho nao', 'faq:festival-where'],
  ['cam on ad', 'smalltalk:thanks'],
  ['cam on nhieu', 'smalltalk:thanks'],
  ['thanks ad', 'smalltalk:thanks'],
].map(([text, label]) => ({ tokens: text!.split(' '), label: label! }));

describe('classifier', () => {
  it('learns what messages mean from examples, including words typed differently', () => {
    const c = trainClassifier(examples);
    expect(c.classify('khi nao thi dien ra ngay hoi'.split(' '))).toMatchObject({ label: 'faq:festival-when' });
    expect(c.classify('to chuc ngay hoi o diaa diem nao'.split(' '))).toMatchObject({ label: 'faq:festival-where' });
    const thanks = c.classify(['camon', 'ad']);
    expect(thanks?.label).toBe('smalltalk:thanks');
    expect(thanks!.p).toBeGreaterThan(0.5);
    expect(thanks!.p).toBeLessThanOrEqual(1);
    // The other outcomes follow, less likely, best first.
    const ps = [thanks!.p, ...thanks!.next.map((n) => n.p)];
    expect(thanks!.next.map((n) => n.label).sort()).toEqual(['faq:festival-when', 'faq:festival-where']);
    expect(ps).toEqual([...ps].sort((x, y) => y - x));
  });

  it('is the same model every time it is trained, and knows nothing of a message with no known feature', () => {
    const a = trainClassifier(examples).classify(['ngay', 'hoi']);
    const b = trainClassifier(examples).classify(['ngay', 'hoi']);
    expect(a).toEqual(b);
    expect(trainClassifier(examples).classify([])).toBeUndefined();
    expect(trainClassifier(examples).classify(['ж'])).toBeUndefined();
    expect(trainClassifier([]).classify(['ngay'])).toBeUndefined();
  });

  it('maps an outcome to the button whose answer it is; tip-offs, emergencies and `none` have none', () => {
    expect(outcomePayload('faq:festival-when')).toBe('#faq:festival-when');
    expect(outcomePayload('flow:signup')).toBe('#signup');
    expect(outcomePayload('global:help')).toBe('#help');
    expect(outcomePayload('smalltalk:thanks')).toBe('#smalltalk:thanks');
    for (const o of ['tipoff', 'emergency', 'none']) expect(outcomePayload(o)).toBeUndefined();
  });
});

describe('classifier trained in the background', () => {
  it('is the same model, and gives the event loop back while it trains', async () => {
    let ticks = 0;
    const tick = setInterval(() => ticks++, 0);
    const many = Array.from({ length: 40 }, () => examples).flat();
    const background = await trainInBackground(many);
    clearInterval(tick);
    expect(background?.classify(['ngay', 'hoi', 'o', 'dau'])).toEqual(trainClassifier(many).classify(['ngay', 'hoi', 'o', 'dau']));
    // Other callbacks ran between its chunks.
    expect(ticks).toBeGreaterThan(0);
  });

  it('stops when its result is no longer wanted', async () => {
    let asked = 0;
    expect(await trainInBackground(examples, { stale: () => ++asked > 1 })).toBeUndefined();
    expect(asked).toBe(2);
  });
});
