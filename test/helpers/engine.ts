import { createHash } from 'node:crypto';
/** An engine over in-memory stores (or the given ones), for tests of flows and the engine itself. */
import { flows as allFlows } from '../../flows/index.js';
import { createEngine, type EngineDeps } from '../../src/core/engine.js';
import type { EffectHandler, Flow } from '../../src/core/flow.js';
import { createI18n } from '../../src/core/i18n.js';
import type { InboundMessage } from '../../src/core/message.js';
import { createMemorySessionStore, createMemoryUserLock } from '../../src/store/memory/index.js';
import { loadConfig } from '../../src/config.js';
import { learningExamples } from '../../src/festival/data.js';
import { retentionTexts } from '../../src/festival/retention.js';
import { content, TEST_SECRET } from './bot.js';

/** The retention variables of a default test deployment, as the server gives them to every text. */
export const TEST_RETENTION = retentionTexts(loadConfig({ NODE_ENV: 'test', APP_SECRET: TEST_SECRET }), content.data);

/** Stands in for the HMAC pseudonym in unit tests. */
export const fakeUserKey = (channel: string, id: string) => createHash('sha256').update(`${channel}:${id}`).digest('base64url');

export function memoryEngine(
  opts: {
    flows?: readonly Flow<unknown>[];
    now?: Date;
    effects?: Record<string, EffectHandler>;
    inbox?: EngineDeps['inbox'];
    stores?: Pick<EngineDeps, 'sessions' | 'lock'>;
    onTurn?: EngineDeps['onTurn'];
    /** `false`: no classifier learnt from the examples (to test what the rules alone do). */
    learn?: boolean;
  } = {},
) {
  const sessions = opts.stores?.sessions ?? createMemorySessionStore();
  const errors: unknown[] = [];
  const ackErrors: unknown[] = [];
  const engine = createEngine({
    flows: opts.flows ?? allFlows,
    examples: opts.learn === false ? undefined : learningExamples,
    i18n: createI18n(content.resources, 'vi', TEST_RETENTION),
    data: content.data,
    sessions,
    lock: opts.stores?.lock ?? createMemoryUserLock(),
    userKey: (channel, id) => fakeUserKey(channel, id),
    pseudonymFor: (feature, userKey) => fakeUserKey(feature, userKey),
    sealAddress: (channel, id) => `sealed(${channel}:${id})`,
    clock: () => opts.now ?? new Date('2026-08-01T03:00:00Z'),
    defaultLang: 'vi',
    effects: opts.effects,
    inbox: opts.inbox,
    onFlowError: (err) => errors.push(err),
    onAckError: (err) => ackErrors.push(err),
    onTurn: opts.onTurn,
  });
  const say = async (user: string, input: Partial<InboundMessage>) => engine.handle({ channel: 'web', userId: user, at: new Date(), ...input });
  return { engine, sessions, errors, ackErrors, say };
}
