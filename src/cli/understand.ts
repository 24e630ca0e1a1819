/**
 * `npm run understand -- "<message>" [more messages…]`: how the bot reads each message, one after the
 * other in one conversation (so a message can answer the step the previous one reached): the decision
 * and its top candidates with their scores, then the first line of each reply. For people who edit
 * the word lists in content/ and want to see why the bot answered what it did. Needs no Redis; effects
 * (storing a report…) are not run, and say so.
 */
import { flows } from '../../flows/index.js';
import { learningExamples } from '../festival/data.js';
import { loadContent } from '../festival/load.js';
import { createEngine } from '../core/engine.js';
import type { EffectHandler } from '../core/flow.js';
import { createI18n } from '../core/i18n.js';
import { createMemorySessionStore, createMemoryUserLock } from '../store/memory/index.js';
import { runCli } from './run.js';

export async function main(args: string[], out: (line: string) => void): Promise<number> {
  if (args.length === 0) {
    out('usage: npm run understand -- "<message>" ["<next message>" …]   (a message starting with # is a button payload)');
    return 2;
  }
  const content = loadContent('content');
  const notRun: EffectHandler = async (effect) => ({ say: [{ key: 'common:raw', params: { text: `(effect ${effect.type} not run here)` } }] });
  const effects = new Proxy({} as Record<string, EffectHandler>, { get: () => notRun });
  const engine = createEngine({
    flows,
    examples: learningExamples,
    i18n: createI18n(content.resources),
    data: content.data,
    sessions: createMemorySessionStore(),
    lock: createMemoryUserLock(),
    userKey: (channel, id) => `${channel}:${id}`,
    pseudonymFor: (feature, userKey) => `${feature}:${userKey}`,
    sealAddress: () => 'sealed',
    clock: () => new Date(),
    defaultLang: 'vi',
    effects,
    onFlowError: (err) => out(`  flow error: ${err instanceof Error ? err.message : String(err)}`),
    onAckError: () => undefined,
    onRoute: ({ decision, candidates }) => {
      out(`  decision: ${decision}`);
      for (const c of candidates) out(`    ${c.score.toFixed(3)}  ${c.label}`);
    },
  });
  for (const text of args) {
    out(`> ${text}`);
    const replies = await engine.handle({ channel: 'zalo', userId: 'cli', at: new Date(), ...(text.startsWith('#') ? { payload: text } : { text }) });
    for (const r of replies) out(`  < ${r.text.split('\n')[0]}${r.buttons?.length ? `  [${r.buttons.map((b) => b.title).join(' | ')}]` : ''}`);
  }
  return 0;
}

runCli('understand', import.meta.url, () => main(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)));
