/**
 * What a turn counts (stats/turns.ts), and the recorder's turn path (stats/recorder.ts): buffered, one
 * day-bound pseudonym per user, channel and day, written on flush.
 */
import { describe, expect, it } from 'vitest';
import { createStatsRecorder, dayFormatter } from '../../../src/stats/recorder.js';
import { COUNTED_KEYS, turnCounts } from '../../../src/stats/turns.js';
import { createMemoryStatsStore } from '../../../src/store/memory/stats.js';
import { createI18n } from '../../../src/core/i18n.js';
import { memoryEngine } from '../../helpers/engine.js';
import { content } from '../../helpers/bot.js';

describe('what a turn counts', () => {
  it('slogans and festival pages shown, FAQ answers shown, and typed questions by outcome', () => {
    expect(turnCounts({ typed: false, keys: ['slogans:message'] })).toEqual({ 'view|slogans': 1 });
    expect(turnCounts({ typed: true, keys: ['festival:topics.when.answer', 'festival:more'] })).toEqual({ 'view|festival|when': 1 });
    expect(turnCounts({ typed: true, keys: ['faq:entries.rewards.answer'] })).toEqual({ 'faq.entry|rewards': 1, 'faq.asked': 1, 'faq.answered': 1 });
    expect(turnCounts({ typed: false, keys: ['faq:entries.rewards.answer'] })).toEqual({ 'faq.entry|rewards': 1 });
    expect(turnCounts({ typed: true, keys: ['faq:did_you_mean'] })).toEqual({ 'faq.asked': 1, 'faq.unsure': 1 });
    // A best guess: the entry shown counts as viewed, the question as unsure.
    expect(turnCounts({ typed: true, keys: ['faq:entries.theft.answer', 'faq:not_this'] })).toEqual({
      'faq.asked': 1,
      'faq.unsure': 1,
      'faq.entry|theft': 1,
    });
    // An answer the classifier chose, with the next likely questions under it: answered.
    expect(turnCounts({ typed: true, keys: ['faq:entries.theft.answer', 'faq:learnt_others'] })).toEqual({
      'faq.asked': 1,
      'faq.answered': 1,
      'faq.entry|theft': 1,
    });
    expect(turnCounts({ typed: true, keys: ['faq:no_answer', 'common:menu.prompt'] })).toEqual({ 'faq.asked': 1, 'faq.none': 1 });
    expect(turnCounts({ typed: true, keys: ['common:welcome'] })).toEqual({});
  });

  it('reads keys that exist in content (a renamed key fails here, not silently in the figures)', () => {
    const i18n = createI18n(content.resources, 'vi');
    const has = (key: string) => i18n.t('vi', key) !== key.split(':')[1];
    expect(has(COUNTED_KEYS.slogans)).toBe(true);
    expect(has(COUNTED_KEYS.faqUnsure)).toBe(true);
    expect(has(COUNTED_KEYS.faqNone)).toBe(true);
    expect(has('festival:topics.when.answer') && COUNTED_KEYS.festival.test('festival:topics.when.answer')).toBe(true);
    const entry = content.data.faq.entries[0]!.id;
    expect(has(`faq:entries.${entry}.answer`) && COUNTED_KEYS.faqAnswer.test(`faq:entries.${entry}.answer`)).toBe(true);
  });

  it('the engine tells each saved turn with its reply keys and whether it was typed; a web poll is not a turn', async () => {
    const seen: { channel: string; typed: boolean; keys: string[] }[] = [];
    const { say } = memoryEngine({ onTurn: ({ channel, typed, keys }) => seen.push({ channel, typed, keys }) });
    await say('u1', { payload: '#slogans' });
    await say('u1', { text: 'ANTQ là gì' });
    await say('u1', { event: 'poll' });
    expect(seen).toEqual([
      { channel: 'web', typed: false, keys: ['slogans:message'] },
      { channel: 'web', typed: true, keys: ['faq:entries.antq-meaning.answer'] },
    ]);
  });
});

describe('the recorder’s turn path', () => {
  it('keeps one pseudonym per user, channel and day (never the user key), and writes on flush', async () => {
    const store = createMemoryStatsStore();
    const rec = createStatsRecorder({
      store,
      timeZone: 'Asia/Ho_Chi_Minh',
      secret: Buffer.alloc(32, 7),
      onError: (e) => {
        throw e;
      },
      flushMs: 60_000,
    });
    const at = new Date('2027-07-05T16:59:00Z'); // 23:59 local
    rec.turn({ channel: 'zalo', userKey: 'U1', now: at, typed: true, keys: ['faq:no_answer'] });
    rec.turn({ channel: 'zalo', userKey: 'U1', now: at, typed: true, keys: ['slogans:message'] });
    rec.turn({ channel: 'web', userKey: 'U1', now: at, typed: false, keys: [] });
    rec.turn({ channel: 'zalo', userKey: 'U1', now: new Date('2027-07-05T17:01:00Z'), typed: false, keys: [] }); // 00:01 on the 6th
    const names = { unique: ['users:zalo', 'users:web'], durations: [] };
    expect((await store.days(['2027-07-05'], names))[0]!.unique).toEqual({ 'users:zalo': 0, 'users:web': 0 });
    await rec.close();
    const [d5, d6] = await store.days(['2027-07-05', '2027-07-06'], names);
    expect(d5!.unique).toEqual({ 'users:zalo': 1, 'users:web': 1 });
    expect(d5!.counts).toEqual({ 'faq.asked': 1, 'faq.none': 1, 'view|slogans': 1 });
    expect(d6!.unique).toEqual({ 'users:zalo': 1, 'users:web': 0 });
  });

  it('adds day-bound pseudonyms: never the user key, another one each day and on each channel', async () => {
    const written: string[][] = [];
    const base = createMemoryStatsStore();
    const store = {
      ...base,
      record: async (_day: string, change: Parameters<typeof base.record>[1]) => void written.push(...Object.values(change.unique ?? {}).map((m) => [...m])),
    };
    const rec = createStatsRecorder({ store, timeZone: 'Asia/Ho_Chi_Minh', secret: Buffer.alloc(32, 7), onError: () => undefined });
    for (const [channel, at] of [
      ['zalo', '2027-07-05T03:00:00Z'],
      ['zalo', '2027-07-06T03:00:00Z'],
      ['web', '2027-07-06T03:00:00Z'],
    ] as const) {
      rec.turn({ channel, userKey: 'USER-KEY-1', now: new Date(at), typed: false, keys: [] });
    }
    await rec.close();
    const members = written.flat();
    expect(members).toHaveLength(3);
    expect(new Set(members).size).toBe(3);
    expect(members.join(' ')).not.toContain('USER-KEY-1');
  });

  it('a store error is handed to onError; the recorder goes on', async () => {
    const errors: unknown[] = [];
    const store = { ...createMemoryStatsStore(), record: async () => Promise.reject(new Error('down')) };
    const rec = createStatsRecorder({ store, timeZone: 'Asia/Ho_Chi_Minh', secret: Buffer.alloc(32), onError: (e) => errors.push(e) });
    await rec.reports.received({ kcn: 'dinh-tram', category: 'theft', createdAt: '2027-07-06T01:00:00Z' });
    await rec.close();
    expect(errors).toHaveLength(1);
  });

  it('days in the festival time zone', () => {
    const day = dayFormatter('Asia/Ho_Chi_Minh');
    expect(day('2027-06-30T16:59:59Z')).toBe('2027-06-30');
    expect(day('2027-06-30T17:00:00Z')).toBe('2027-07-01');
    expect(day(new Date('2027-06-30T17:00:30Z'))).toBe('2027-07-01');
  });
});
