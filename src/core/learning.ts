/**
 * The classifier an engine serves (core/classifier.ts), kept in step with the content's examples. The first one is
 * trained when it is first needed (at boot: `Engine.learn()`), in one piece. After a content edit that changes the
 * examples (an FAQ phrasing edited in the dashboard), the new one is trained in the background, giving the event loop
 * back every `CHUNK` examples, while the one before the edit serves; an edit that comes during that training
 * supersedes it (the older run stops at its next yield). A failed training is reported and the one before serves on.
 */
import { createHash } from 'node:crypto';
import { CHUNK, trainClassifier, trainInBackground, type Classifier, type Example } from './classifier.js';

/** Labelled messages as the content gives them, and how to read one into tokens. */
export interface Examples {
  list: readonly { text: string; outcome: string }[];
  tokens(text: string): string[];
}

/** The classifier trained on the examples last trained, by their key (engines over the same examples share it). */
let last: { key: string; classifier: Classifier } | undefined;

const keyOf = (list: Examples['list']) => createHash('sha256').update(JSON.stringify(list)).digest('base64url');

export function createLearning(onError: (err: unknown) => void) {
  let serving: Classifier | undefined;
  /** The examples the classifier should be trained on, and their key. */
  let wanted: { key: string; examples: Examples } | undefined;
  /** The background training of `wanted`, when one runs. */
  let training: { key: string; done: Promise<void> } | undefined;

  const tokens = ({ list, tokens: read }: Examples): Example[] => list.map((e) => ({ tokens: read(e.text), label: e.outcome }));

  /** Trains `wanted` in the background; stops when another edit supersedes it. */
  function train(key: string, examples: Examples): Promise<void> {
    const stale = () => wanted?.key !== key;
    const run = async () => {
      const read: Example[] = [];
      for (const e of examples.list) {
        if (read.length % CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
        if (stale()) return;
        read.push({ tokens: examples.tokens(e.text), label: e.outcome });
      }
      const classifier = await trainInBackground(read, { stale });
      if (!classifier || stale()) return;
      last = { key, classifier };
      serving = classifier;
    };
    return run().catch(onError);
  }

  /** The classifier to ask now (trained here when none serves yet), or undefined without examples. */
  function classifier(): Classifier | undefined {
    if (serving || !wanted) return serving;
    const { key, examples } = wanted;
    serving = last?.key === key ? last.classifier : trainClassifier(tokens(examples));
    last = { key, classifier: serving };
    return serving;
  }

  return {
    /** The examples of the content in use (at start and after each edit): trained now or in the background, see above. */
    use(examples: Examples): void {
      const key = keyOf(examples.list);
      if (wanted?.key === key) return;
      wanted = { key, examples };
      if (last?.key === key) {
        serving = last.classifier;
        return;
      }
      // Nothing serves yet: the first use trains it, in one piece (see `classifier`).
      if (!serving) return;
      training = { key, done: train(key, examples) };
    },
    classifier,
    /** Resolves when the classifier of the examples in use serves (or its training failed, reported). */
    async ready(): Promise<void> {
      classifier();
      // Until the training of the examples in use is over (another edit meanwhile: its training, in turn).
      for (let t = training; t && t.key === wanted?.key; t = training) {
        await t.done;
        if (training === t) return;
      }
    },
  };
}

export type Learning = ReturnType<typeof createLearning>;
