/**
 * What a message means, learnt from examples: worker messages with the outcome each should get
 * (`content/examples/*.yaml`, the FAQ's phrasings). A multinomial logistic regression over tf-idf
 * features of the words as the lexicon reads them: each word, each pair of words, and the letter
 * n-grams of each word (2 to 5 letters, so `khoong`, `thongbao` and a typo still share most of their
 * features with the word meant). Trained when the content loads (about a second), deterministic.
 *
 * Written here rather than taken from a library: the maintained JavaScript option for intents
 * (`@nlpjs/neural`) took 406 s to train on these examples and classified 54.5% of a fresh set right;
 * this model, 95% (docs/understanding.md).
 */

/** One labelled example: the lexicon's tokens of a message and what it means (`faq:festival-when`, `flow:signup`…). */
export interface Example {
  tokens: readonly string[];
  label: string;
}

/** The most likely meaning and its probability (0..1), and the next likely ones, best first. */
export interface Classification {
  label: string;
  p: number;
  /** The next `RUNNERS_UP` outcomes by probability. */
  next: { label: string; p: number }[];
}

/** How many outcomes after the best one a classification lists. */
const RUNNERS_UP = 3;

export interface Classifier {
  classify(tokens: readonly string[]): Classification | undefined;
  /** The share of `words` (0..1) that the examples of `label` use: how familiar the message's words are for that outcome. */
  familiar(label: string, words: readonly string[]): number;
}

/** Training settings: passes over the examples, the first step size, and the L2 penalty per example. */
export interface TrainOptions {
  epochs?: number;
  rate?: number;
  l2?: number;
}

const NGRAMS = [2, 3, 4, 5] as const;
/** How many examples are handled between two yields of `training` (and of reading them, core/learning.ts). */
export const CHUNK = 500;
/** A gradient this small for a class is not applied (training goes several times faster, the model is the same to 3 decimals). */
const SKIP = 1e-3;

/** The features of a message in two blocks (words and pairs; letter n-grams), each with its count. */
function features(tokens: readonly string[]): [Map<string, number>, Map<string, number>] {
  const words = new Map<string, number>();
  const letters = new Map<string, number>();
  const add = (m: Map<string, number>, f: string) => m.set(f, (m.get(f) ?? 0) + 1);
  tokens.forEach((t, i) => {
    add(words, t);
    if (i > 0) add(words, `${tokens[i - 1]} ${t}`);
    const s = `<${t}>`;
    for (const n of NGRAMS) for (let j = 0; j + n <= s.length; j++) add(letters, s.slice(j, j + n));
  });
  return [words, letters];
}

/** A sparse vector: feature indexes and their values. */
interface Sparse {
  index: Int32Array;
  value: Float32Array;
}

/** A small deterministic generator (mulberry32), so that training gives the same model every time. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trains a classifier on `examples` now (about a second of CPU for the content's examples). */
export function trainClassifier(examples: readonly Example[], options: TrainOptions = {}): Classifier {
  const steps = training(examples, options);
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/**
 * Trains a classifier the same way (the same model), giving the event loop back every `CHUNK` examples: turns go on
 * meanwhile (content edited in the dashboard retrains it while the bot serves). Undefined when `stale` (asked at
 * each yield) says the result is no longer wanted.
 */
export async function trainInBackground(examples: readonly Example[], options: TrainOptions & { stale?: () => boolean } = {}): Promise<Classifier | undefined> {
  const steps = training(examples, options);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
    if (options.stale?.()) return undefined;
  }
}

function* training(examples: readonly Example[], options: TrainOptions): Generator<void, Classifier> {
  const { epochs = 10, rate = 2, l2 = 1e-5 } = options;
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  // Feature indexes and document frequencies, per block.
  const index = [new Map<string, number>(), new Map<string, number>()];
  const df: number[] = [];
  const counted: ReturnType<typeof features>[] = [];
  for (const e of examples) {
    if (counted.length % CHUNK === 0) yield;
    counted.push(features(e.tokens));
  }
  for (const [at, blocks] of counted.entries()) {
    if (at % CHUNK === 0) yield;
    blocks.forEach((block, b) => {
      const known = index[b]!;
      for (const f of block.keys()) {
        let i = known.get(f);
        if (i === undefined) {
          i = df.length;
          known.set(f, i);
          df.push(0);
        }
        df[i] = df[i]! + 1;
      }
    });
  }
  const n = examples.length;
  // The words each outcome's examples use.
  const wordsOf = new Map<string, Set<string>>();
  for (const [i, e] of examples.entries()) {
    if (i % CHUNK === 0) yield;
    const set = wordsOf.get(e.label) ?? new Set<string>();
    for (const t of e.tokens) set.add(t);
    wordsOf.set(e.label, set);
  }
  const idf = Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);

  /** tf-idf (sublinear tf), each block scaled to length 1; features unknown to the model are left out. */
  function vector(blocks: [Map<string, number>, Map<string, number>]): Sparse {
    const idx: number[] = [];
    const val: number[] = [];
    blocks.forEach((block, b) => {
      const start = val.length;
      for (const [f, count] of block) {
        const i = index[b]!.get(f);
        if (i === undefined) continue;
        idx.push(i);
        val.push((1 + Math.log(count)) * idf[i]!);
      }
      const norm = Math.hypot(...val.slice(start));
      for (let k = start; k < val.length; k++) val[k]! /= norm || 1;
    });
    return { index: Int32Array.from(idx), value: Float32Array.from(val) };
  }

  const k = labels.length;
  const dims = df.length;
  // Class by class while training (an example's gradient updates one class's row at a time).
  let weights = new Float32Array(k * dims);
  const bias = new Float32Array(k);

  function probabilities(x: Sparse, out: Float64Array): void {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = bias[c]!;
      const row = c * dims;
      for (let j = 0; j < x.index.length; j++) s += weights[row + x.index[j]!]! * x.value[j]!;
      out[c] = s;
      if (s > max) max = s;
    }
    softmax(out, max);
  }

  /** Scores in `out` (the largest `max`) made probabilities, in place. */
  function softmax(out: Float64Array, max: number): void {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += out[c] = Math.exp(out[c]! - max);
    for (let c = 0; c < k; c++) out[c]! /= sum;
  }

  // Stochastic gradient descent on the cross-entropy, in a shuffled order, with a decaying step and weight decay.
  const data: { x: Sparse; y: number }[] = [];
  for (const [i, blocks] of counted.entries()) {
    if (i % CHUNK === 0) yield;
    data.push({ x: vector(blocks), y: labelIndex.get(examples[i]!.label)! });
  }
  const next = random(14);
  const p = new Float64Array(k);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = data.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [data[i], data[j]] = [data[j]!, data[i]!];
    }
    for (const { x, y } of data) {
      if (step % CHUNK === 0) yield;
      const lr = rate / (1 + step++ / n);
      probabilities(x, p);
      for (let c = 0; c < k; c++) {
        const g = p[c]! - (c === y ? 1 : 0);
        // A class the example barely moves is left as it is: most of the work, little of the change.
        if (Math.abs(g) < SKIP) continue;
        bias[c]! -= lr * g;
        const row = c * dims;
        for (let j = 0; j < x.index.length; j++) {
          const w = row + x.index[j]!;
          weights[w] = weights[w]! - lr * (g * x.value[j]! + l2 * weights[w]!);
        }
      }
    }
  }

  // Feature by feature once trained: a message's scores read one short run of its features' weights per
  // feature, not one weight per class spread over the whole matrix (classify took about 100 µs, mostly
  // waiting on memory). The same sums in the same order: the same probabilities.
  const byFeature = new Float32Array(k * dims);
  for (let c = 0; c < k; c++) for (let f = 0; f < dims; f++) byFeature[f * k + c] = weights[c * dims + f]!;
  weights = new Float32Array(0);
  function scores(x: Sparse, out: Float64Array): void {
    out.set(bias);
    for (let j = 0; j < x.index.length; j++) {
      const at = x.index[j]! * k;
      const v = x.value[j]!;
      for (let c = 0; c < k; c++) out[c] = out[c]! + byFeature[at + c]! * v;
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (out[c]! > max) max = out[c]!;
    softmax(out, max);
  }

  return {
    familiar(label, words) {
      const own = wordsOf.get(label);
      return own && words.length > 0 ? words.filter((w) => own.has(w)).length / words.length : 0;
    },
    classify(tokens) {
      if (k === 0 || tokens.length === 0) return undefined;
      const x = vector(features(tokens));
      if (x.index.length === 0) return undefined;
      const out = new Float64Array(k);
      scores(x, out);
      // The first 1 + RUNNERS_UP classes by probability, ties to the first class (sorting all of them was a third of this).
      const top: number[] = [];
      for (let c = 0; c < k; c++) {
        if (top.length > RUNNERS_UP && out[c]! <= out[top[RUNNERS_UP]!]!) continue;
        let at = Math.min(top.length, RUNNERS_UP);
        while (at > 0 && out[c]! > out[top[at - 1]!]!) at -= 1;
        top.splice(at, 0, c);
        top.length = Math.min(top.length, 1 + RUNNERS_UP);
      }
      const [best, ...next] = top;
      return { label: labels[best!]!, p: out[best!]!, next: next.map((c) => ({ label: labels[c]!, p: out[c]! })) };
    },
  };
}

/**
 * The button whose answer an outcome is (`faq:<id>` → `#faq:<id>`, `flow:signup` → `#signup`,
 * `smalltalk:thanks` → `#smalltalk:thanks`, `global:help` → `#help`); undefined for the outcomes no button
 * gives (`tipoff`, `emergency`: what was told must be kept; `none`). The router gives a tip-off and `none`
 * its own way (core/router.ts: `TOLD`, `NONE`).
 */
export function outcomePayload(outcome: string): string | undefined {
  const [kind, id] = outcome.split(':');
  if (kind === 'faq') return `#faq:${id}`;
  if (kind === 'flow' || kind === 'global') return `#${id}`;
  if (kind === 'smalltalk') return `#smalltalk:${id}`;
  return undefined;
}
