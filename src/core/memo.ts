/**
 * A bounded memo for pure functions of a string. Turns fold and render the same texts again and again
 * (the labels of the buttons offered, the menu's texts): remembered, they cost a look-up. What users
 * type is mostly new, so the memo keeps the `max` most recently used only (lru-cache). Results are boxed,
 * since the cache cannot hold `undefined`.
 */
import { LRUCache } from 'lru-cache';

export function memoize<T>(fn: (s: string) => T, max = 10_000): (s: string) => T {
  const memo = new LRUCache<string, { value: T }>({ max });
  return (s) => {
    const known = memo.get(s);
    if (known) return known.value;
    const value = fn(s);
    memo.set(s, { value });
    return value;
  };
}
