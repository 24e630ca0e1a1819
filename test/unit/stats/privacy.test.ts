/** The small-count rule (stats/privacy.ts) and the period helpers (stats/period.ts). */
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDay, isoWeek, spanDays, weekStart, wholeMonths } from '../../../src/stats/period.js';
import { createMask, percentiles } from '../../../src/stats/privacy.js';

describe('small counts', () => {
  const mask = createMask(3);

  it('hides 1 and 2 where the breakdown is fine, shows 0 and 3, and shows everything where it is not', () => {
    expect([0, 1, 2, 3, 10].map((n) => mask.count(n, true))).toEqual([0, null, null, 3, 10]);
    expect([0, 1, 2, 3].map((n) => mask.count(n, false))).toEqual([0, 1, 2, 3]);
  });

  it('hides a second cell when only one would be, so that no cell can be worked out from the total', () => {
    expect(mask.breakdown({ theft: 5, fight: 1, fire: 0, drugs: 4 }, true)).toEqual({ theft: 5, fight: null, fire: null, drugs: 4 });
    expect(mask.breakdown({ theft: 5, fight: 1, drugs: 4 }, true)).toEqual({ theft: 5, fight: null, drugs: null });
    expect(mask.breakdown({ theft: 5, fight: 1, drugs: 2 }, true)).toEqual({ theft: 5, fight: null, drugs: null });
    expect(mask.breakdown({ theft: 5, fight: 3 }, true)).toEqual({ theft: 5, fight: 3 });
    expect(mask.breakdown({ theft: 5, fight: 1 }, false)).toEqual({ theft: 5, fight: 1 });
  });

  it('gives a statistic over fewer values than the threshold as null', () => {
    expect(mask.over(2, 12.5)).toBeNull();
    expect(mask.over(3, 12.5)).toBe(12.5);
    expect(createMask(5).count(4, true)).toBeNull();
  });

  it('median and 90th percentile (nearest rank)', () => {
    expect(percentiles([])).toBeUndefined();
    expect(percentiles([40, 10, 30, 20])).toEqual({ median: 25, p90: 40 });
    expect(percentiles([60, 120, 90])).toEqual({ median: 90, p90: 120 });
    expect(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ median: 5.5, p90: 9 });
  });
});

describe('periods', () => {
  it('days, spans, ISO weeks and whole months', () => {
    expect(isDay('2027-02-28')).toBe(true);
    expect(isDay('2027-02-29')).toBe(false);
    expect(isDay('2027-07-32')).toBe(false);
    expect(isDay('27-07-01')).toBe(false);
    expect(daysBetween('2027-06-30', '2027-07-02')).toEqual(['2027-06-30', '2027-07-01', '2027-07-02']);
    expect(spanDays('2027-07-01', '2027-07-31')).toBe(31);
    expect(weekStart('2027-07-01')).toBe('2027-06-28');
    expect(isoWeek('2027-07-01')).toBe('2027-W26');
    expect(isoWeek('2027-01-03')).toBe('2026-W53');
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(wholeMonths('2027-07-01', '2027-07-31')).toBe(true);
    expect(wholeMonths('2027-07-01', '2027-08-31')).toBe(true);
    expect(wholeMonths('2027-07-01', '2027-07-30')).toBe(false);
    expect(wholeMonths('2027-07-02', '2027-07-31')).toBe(false);
    expect(wholeMonths('2028-02-01', '2028-02-29')).toBe(true);
  });
});
