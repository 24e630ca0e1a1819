/**
 * A bounded memo for pure functions of a string. Turns fold and render the same texts again and again
 * (the labels of the buttons offered, the menu's texts): remembered, they cost a map look-up. What
 * users type is mostly new, so the memo is bounded; when full it starts over rather than tracking use.
 */
export function memoize<T>(fn: (s: string) => T, max = 10_000): (s: string) => T {
  let memo = new Map<string, T>();
  return (s) => {
    const known = memo.get(s);
    if (known !== undefined || memo.has(s)) return known as T;
    const value = fn(s);
    if (memo.size >= max) memo = new Map();
    memo.set(s, value);
    return value;
  };
}
