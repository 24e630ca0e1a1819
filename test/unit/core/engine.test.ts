import { describe, expect, it } from 'vitest';
import { flows } from '../../../flows/index.js';
import { defineFlow } from '../../../src/core/flow.js';
import { createI18n } from '../../../src/core/i18n.js';
import { content } from '../../helpers/bot.js';
import { fakeUserKey, memoryEngine, TEST_RETENTION } from '../../helpers/engine.js';

const text = (r: { text: string }[]) => r.map((m) => m.text).join('\n');
const payloads = (r: { buttons?: { payload: string }[] }[]) => r.flatMap((m) => m.buttons ?? []).map((b) => b.payload);

/** A two-step flow used to test the engine's mechanics. */
const counter = defineFlow<{ n: number }>({
  id: 'counter',
  version: 2,
  keywords: 'festival:keywords',
  start: () => ({ say: [{ key: 'common:raw', params: { text: 'n=0' } }], next: { step: 'count', data: { n: 0 } } }),
  steps: {
    count: (input, data) => {
      if (input.text === 'boom') throw new Error('flow bug');
      if (input.text !== '+') return undefined;
      return { say: [{ key: 'common:raw', params: { text: `n=${data.n + 1}` } }], next: { step: 'count', data: { n: data.n + 1 } } };
    },
  },
});

describe('engine', () => {
  it('greets on a start event with the main menu', async () => {
    const { say } = memoryEngine();
    const r = await say('u1', { event: 'start' });
    expect(text(r)).toContain('Xin chào bạn');
    expect(payloads(r)).toEqual(['#festival', '#news', '#slogans', '#safety', '#report', '#lookup', '#signup', '#myevents', '#subscribe', '#lang']);
  });

  it('keeps a flow’s data between turns and ends nothing on unknown input', async () => {
    const { say } = memoryEngine({ flows: [counter] });
    expect(text(await say('u', { text: 'ngày hội' }))).toBe('n=0');
    expect(text(await say('u', { text: '+' }))).toBe('n=1');
    expect(text(await say('u', { text: '+' }))).toBe('n=2');
    const lost = await say('u', { text: 'gì đây' });
    expect(text(lost)).toContain('mình chưa hiểu');
    expect(text(await say('u', { text: '+' }))).toBe('n=3');
  });

  it("runs a stored event's turn once: the same turn id again (a takeover, even one racing the first run) gets the saved replies", async () => {
    const { engine } = memoryEngine({ flows: [counter] });
    const msg = (text: string) => ({ channel: 'zalo' as const, userId: 'u', at: new Date(), text });
    expect(text(await engine.handle(msg('ngày hội'), { turnId: '1-0' }))).toBe('n=0');
    // Two runs of event 2-0 at once: the second waits for the user's lock, then finds the first one's saved turn.
    const [first, second] = await Promise.all([engine.handle(msg('+'), { turnId: '2-0' }), engine.handle(msg('+'), { turnId: '2-0' })]);
    expect(text(first)).toBe('n=1');
    expect(second).toEqual(first);
    expect(text(await engine.handle(msg('+'), { turnId: '2-0' }))).toBe('n=1');
    // The state moved once: the next event counts on from 1.
    expect(text(await engine.handle(msg('+'), { turnId: '3-0' }))).toBe('n=2');
    // Without a turn id (the web chat) nothing is saved or replayed.
    expect(text(await engine.handle(msg('+')))).toBe('n=3');
  });

  it('restarts politely when a stored flow has another version', async () => {
    const { say, sessions } = memoryEngine({ flows: [counter] });
    await say('u', { text: 'ngày hội' });
    const stored = await sessions.load(fakeUserKey('web', 'u'));
    await sessions.save(fakeUserKey('web', 'u'), { session: { ...stored.session!, flow: { ...stored.session!.flow!, version: 1 } }, prefs: stored.prefs });
    const r = await say('u', { text: '+' });
    expect(text(r)).toContain('cuộc trò chuyện vừa được làm mới');
  });

  it('answers a failing flow with an apology and reports the error once', async () => {
    const { say, errors } = memoryEngine({ flows: [counter] });
    await say('u', { text: 'ngày hội' });
    const r = await say('u', { text: 'boom' });
    expect(text(r)).toContain('hệ thống đang gặp trục trặc');
    expect(errors).toHaveLength(1);
    expect(text(await say('u', { text: '+' }))).not.toContain('n=');
  });

  it('cancels the active flow with “hủy” and says so', async () => {
    const { say } = memoryEngine({ flows: [counter] });
    await say('u', { text: 'ngày hội' });
    expect(text(await say('u', { text: 'HUY' }))).toContain('Đã dừng');
    expect(text(await say('u', { text: '+' }))).toContain('mình chưa hiểu');
  });

  it('treats a typed #payload (how Zalo delivers button clicks) as a click', async () => {
    const { say } = memoryEngine();
    expect(text(await say('u', { text: '#festival:funding' }))).toContain('ngân sách nhà nước');
  });

  it('answers unknown payloads with the menu, never silence', async () => {
    const { say } = memoryEngine();
    const r = await say('u', { payload: '#nothing-here' });
    expect(text(r)).toContain('mình chưa hiểu');
    expect(payloads(r)).toContain('#festival');
  });

  it('serialises two turns of the same user', async () => {
    const { say } = memoryEngine({ flows: [counter] });
    await say('u', { text: 'ngày hội' });
    const results = await Promise.all(Array.from({ length: 10 }, () => say('u', { text: '+' })));
    expect(results.map(text).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `n=${i + 1}`).sort());
  });

  it('keeps an explicit language choice even when the user then types Vietnamese', async () => {
    const { say } = memoryEngine();
    await say('u', { payload: '#lang:en' });
    expect(text(await say('u', { text: 'ngày hội là gì' }))).toContain('is held every year, mainly from 20 July to 19 August');
  });

  it('follows the language of clear messages until a choice is made', async () => {
    const { say } = memoryEngine();
    expect(text(await say('u', { text: 'what is the festival about' }))).toContain('is held every year');
    expect(text(await say('u', { text: 'menu' }))).toContain('Please pick');
    expect(text(await say('u', { text: 'ngay hoi la gi' }))).toContain('được tổ chức hằng năm');
  });

  it('shows the next season’s dates once this year’s festival day has passed', async () => {
    const { say } = memoryEngine({ now: new Date('2026-11-26T03:00:00Z') });
    expect(text(await say('u', { payload: '#festival:when' }))).toContain(
      'Năm 2027, các doanh nghiệp tổ chức Ngày hội trong khoảng từ ngày 20/7/2027 đến ngày 19/8/2027',
    );
    const { say: during } = memoryEngine({ now: new Date('2026-08-19T03:00:00Z') });
    expect(text(await during('u', { payload: '#festival:when' }))).toContain('Năm 2026');
  });

  it('renders every key of every flow in both languages (no raw keys leak)', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const { say } = memoryEngine();
      await say('u', { payload: `#lang:${lang}` });
      const outputs = [await say('u', { payload: '#menu' }), await say('u', { payload: '#help' }), await say('u', { payload: '#slogans' })];
      for (const topic of ['what', 'when', 'where', 'who', 'ceremony', 'festival', 'funding']) outputs.push(await say('u', { payload: `#festival:${topic}` }));
      for (const r of outputs) {
        for (const m of r) {
          expect(m.text).not.toMatch(/\b(common|festival|slogans|org|web):[a-z_.]+/);
          expect(m.text).not.toContain('{{');
          expect(m.text).not.toContain('$t(');
          for (const b of m.buttons ?? []) expect(b.title).not.toMatch(/^(common|festival|slogans):/);
        }
      }
    }
    expect(flows.length).toBeGreaterThan(1);
  });
});

describe('the classifier after a content edit', () => {
  it('is trained in the background: the one before the edit answers meanwhile, the new one once trained', async () => {
    const { engine, say } = memoryEngine({ effects: new Proxy({}, { get: () => async () => ({}) }) });
    await engine.learn();
    const rewards = text(await say('ref', { payload: '#faq:rewards' })).split('\n')[0];
    // Examples that teach a made-up phrase (an FAQ phrasing edited in the dashboard adds examples the same way).
    const taught = Array.from({ length: 30 }, (_, i) => ({ set: 'edit', q: `plugh xyzzy frobozz ${'a'.repeat(i % 3)}`.trim(), expect: 'faq:rewards' }));
    engine.useContent({
      i18n: createI18n(content.resources, 'vi', TEST_RETENTION),
      data: { ...content.data, examples: [...content.data.examples, ...taught] },
    });
    // Right after the edit: the classifier before it, which never saw the phrase, and answers what it knows
    // (the rules alone read this as "where is it held").
    expect(text(await say('w1', { text: 'plugh xyzzy frobozz' })).split('\n')[0]).not.toBe(rewards);
    const mine = text(await say('ref2', { payload: '#faq:my-company' })).split('\n')[0];
    expect(text(await say('w3', { text: 'cty em ben kcn hoa phu co lam ngay hoi khong' })).split('\n')[0]).toBe(mine);
    await engine.learn();
    expect(text(await say('w2', { text: 'plugh xyzzy frobozz' })).split('\n')[0]).toBe(rewards);
  });
});
