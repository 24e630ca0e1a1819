import { describe, expect, it } from 'vitest';
import { defineFlow, type EffectContext } from '../../../src/core/flow.js';
import { fakeUserKey, memoryEngine } from '../../helpers/engine.js';

const text = (r: { text: string }[]) => r.map((m) => m.text).join('\n');

const submit = defineFlow<{ draft: string }>({
  id: 'submit',
  version: 1,
  keywords: 'slogans:keywords',
  start: () => ({ say: [{ key: 'common:raw', params: { text: 'draft?' } }], next: { step: 'draft', data: { draft: '' } } }),
  steps: {
    draft: (input) => ({
      say: [{ key: 'common:raw', params: { text: 'saving' } }],
      next: { step: 'done', data: { draft: input.text } },
      effects: [{ type: 'store', draft: input.text }],
    }),
  },
});

const echo = defineFlow({
  id: 'echo',
  version: 1,
  start: () => ({ say: [] }),
  match: (input) =>
    input.folded.includes('faq')
      ? { kind: 'faq', score: 0.8, label: 'echo', result: { say: [{ key: 'common:raw', params: { text: `faq:${input.folded}` } }] } }
      : undefined,
});

describe('engine effects and free-text readings', () => {
  it('runs effects with the pseudonym and a sealed address, never the platform id', async () => {
    const seen: EffectContext[] = [];
    const { say } = memoryEngine({
      flows: [submit],
      effects: {
        store: async (effect, ctx) => {
          seen.push(ctx);
          return { say: [{ key: 'common:raw', params: { text: `code for ${String(effect.draft)}` } }], next: null };
        },
      },
    });
    await say('platform-id-1', { text: 'khẩu hiệu' });
    const r = await say('platform-id-1', { text: 'hello world' });
    expect(text(r)).toBe('saving\ncode for hello world');
    expect(seen[0]!.userKey).toBe(fakeUserKey('web', 'platform-id-1'));
    expect(seen[0]!.sealedAddress).toBe('sealed(web:platform-id-1)');
    expect(JSON.stringify({ ...seen[0], sealedAddress: '' })).not.toContain('platform-id-1');
    expect(text(await say('platform-id-1', { text: 'again' }))).toContain('mình chưa hiểu');
  });

  it('apologises when an effect fails, and drops the flow', async () => {
    const { say, errors } = memoryEngine({
      flows: [submit],
      effects: { store: async () => Promise.reject(new Error('disk on fire')) },
    });
    await say('u', { text: 'khẩu hiệu' });
    expect(text(await say('u', { text: 'x' }))).toContain('hệ thống đang gặp trục trặc');
    expect(errors).toHaveLength(1);
  });

  it("runs an effect's afterSave once the turn is saved, and never for a turn that failed", async () => {
    const marked: string[] = [];
    let saves = 0;
    const { say, sessions, errors } = memoryEngine({
      flows: [submit],
      effects: {
        store: async (effect) => ({
          say: [{ key: 'common:raw', params: { text: 'shown' } }],
          afterSave: async () => {
            marked.push(`${String(effect.draft)} after ${saves} saves`);
          },
        }),
      },
    });
    const save = sessions.save.bind(sessions);
    sessions.save = async (...args) => {
      saves += 1;
      if (args[1].session?.flow?.step === 'done' && saves === 2) throw new Error('Redis went away');
      return save(...args);
    };
    await say('u', { text: 'khẩu hiệu' });
    await expect(say('u', { text: 'first' })).rejects.toThrow('Redis went away');
    expect(marked).toEqual([]);
    expect(text(await say('u', { text: 'second' }))).toBe('saving\nshown');
    expect(marked).toEqual(['second after 3 saves']);
    expect(errors).toEqual([]);
  });

  it('gives free text to a flow that reads it before saying it did not understand', async () => {
    const { say } = memoryEngine({ flows: [echo] });
    expect(text(await say('u', { text: 'FAQ về ngày hội' }))).toBe('faq:faq ve ngay hoi');
    expect(text(await say('u', { text: 'something else' }))).toContain('mình chưa hiểu');
  });
});
