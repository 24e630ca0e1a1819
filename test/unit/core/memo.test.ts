import { describe, expect, it } from 'vitest';
import { memoize } from '../../../src/core/memo.js';

describe('memoize', () => {
  it('computes a string once while it is remembered, undefined results included', () => {
    const calls: string[] = [];
    const f = memoize((s) => {
      calls.push(s);
      return s === 'none' ? undefined : s.length;
    });
    expect([f('abc'), f('abc'), f('none'), f('none')]).toEqual([3, 3, undefined, undefined]);
    expect(calls).toEqual(['abc', 'none']);
  });

  it('forgets the least recently used when full, and still answers right', () => {
    let calls = 0;
    const f = memoize((s) => {
      calls += 1;
      return s.toUpperCase();
    }, 2);
    expect([f('a'), f('b'), f('c'), f('a')]).toEqual(['A', 'B', 'C', 'A']);
    expect(calls).toBe(4);
  });
});
