/**
 * Small counts are hidden where they could single a reporter out: in any breakdown finer than park ×
 * month (a category, a week, a status, or a period that is not whole months), a count from 1 to
 * `threshold - 1` is shown as `null`. Within a breakdown whose total is known, one hidden cell could be
 * worked out by subtraction, so a second cell (the smallest other one) is hidden with it. Zero is
 * shown: it singles nobody out.
 */

/** A published count: the number, or `null` when hidden. */
export type Cell = number | null;

export interface Mask {
  readonly threshold: number;
  /** One count of a breakdown that is `fine` (finer than park × month). */
  count(n: number, fine: boolean): Cell;
  /** Every cell of a breakdown whose total is shown, with the second cell hidden when only one would be. */
  breakdown<K extends string>(cells: Readonly<Record<K, number>>, fine: boolean): Record<K, Cell>;
  /** A statistic over `n` values (a median, a share): `null` when fewer than the threshold values. */
  over<T>(n: number, value: T): T | null;
}

export function createMask(threshold: number): Mask {
  const small = (n: number) => n > 0 && n < threshold;
  return {
    threshold,
    count: (n, fine) => (fine && small(n) ? null : n),
    breakdown<K extends string>(cells: Readonly<Record<K, number>>, fine: boolean): Record<K, Cell> {
      const entries = Object.entries(cells) as [K, number][];
      const out = Object.fromEntries(entries.map(([k, n]) => [k, fine && small(n) ? null : n])) as Record<K, Cell>;
      const hidden = entries.filter(([k]) => out[k] === null);
      if (hidden.length === 1) {
        const other = entries.filter(([k]) => out[k] !== null).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0];
        if (other) out[other[0]] = null;
      }
      return out;
    },
    over: (n, value) => (n < threshold ? null : value),
  };
}

/** The median and 90th percentile (nearest rank) of some values, rounded to a tenth. */
export function percentiles(values: readonly number[]): { median: number; p90: number } | undefined {
  if (values.length === 0) return undefined;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  const p90 = v[Math.ceil(0.9 * v.length) - 1]!;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { median: round(median), p90: round(p90) };
}
