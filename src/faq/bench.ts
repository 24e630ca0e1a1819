/**
 * The FAQ quality benchmark: runs labelled phrasings through the matcher and measures top-1
 * accuracy (questions the FAQ should answer), misses, and how often a wrong entry is answered
 * above the confidence threshold (out-of-scope questions included).
 */
import { z } from 'zod';
import type { FaqMatcher } from './matcher.js';

/** One labelled phrasing: the entry it should reach, or null when the FAQ must not answer it. */
export const benchSetSchema = z.array(z.object({ q: z.string().min(1), expect: z.string().nullable() }).strict()).min(1);
export type BenchSet = z.infer<typeof benchSetSchema>;

export interface BenchMiss {
  q: string;
  expect: string | null;
  got: string | undefined;
  decision: 'answer' | 'suggest' | 'none';
  confidence: number;
}

export interface BenchReport {
  /** Phrasings with an expected entry. */
  inScope: number;
  /** Of those, how many ranked the expected entry first. */
  top1: number;
  top1Rate: number;
  /** Phrasings answered (above the threshold) with an entry other than the expected one (or answered at all when out of scope). */
  wrongAnswered: number;
  wrongAnsweredRate: number;
  /** In-scope phrasings answered directly with the right entry. */
  answeredRight: number;
  misses: BenchMiss[];
}

/** Runs one labelled set. */
export function runBench(matcher: FaqMatcher, set: BenchSet): BenchReport {
  let inScope = 0;
  let top1 = 0;
  let wrongAnswered = 0;
  let answeredRight = 0;
  const misses: BenchMiss[] = [];
  for (const { q, expect } of set) {
    const first = matcher.rank(q).ranked[0]?.id;
    const m = matcher.match(q);
    const answered = m.kind === 'answer' ? m.id : undefined;
    if (expect !== null) {
      inScope += 1;
      if (first === expect) top1 += 1;
      if (answered === expect) answeredRight += 1;
    }
    const wrong = answered !== undefined && answered !== expect;
    if (wrong) wrongAnswered += 1;
    if ((expect !== null && first !== expect) || wrong) misses.push({ q, expect, got: first, decision: m.kind, confidence: m.confidence });
  }
  return {
    inScope,
    top1,
    top1Rate: inScope ? top1 / inScope : 0,
    wrongAnswered,
    wrongAnsweredRate: wrongAnswered / set.length,
    answeredRight,
    misses,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Formats a report for the terminal. */
export function formatBench(name: string, total: number, r: BenchReport): string {
  const lines = [
    `${name}: ${total} phrasings (${r.inScope} in scope, ${total - r.inScope} out of scope)`,
    `  top-1 accuracy: ${r.top1}/${r.inScope} = ${pct(r.top1Rate)}`,
    `  answered directly and right: ${r.answeredRight}/${r.inScope} = ${pct(r.inScope ? r.answeredRight / r.inScope : 0)}`,
    `  wrong entry above the answer threshold: ${r.wrongAnswered}/${total} = ${pct(r.wrongAnsweredRate)}`,
  ];
  for (const m of r.misses) {
    lines.push(`  miss: "${m.q}" expected ${m.expect ?? '(none)'}, ranked first ${m.got ?? '(none)'}, ${m.decision} at ${m.confidence.toFixed(2)}`);
  }
  return lines.join('\n');
}
