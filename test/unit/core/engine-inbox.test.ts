/** Waiting messages (the inbox hook): removed only once the turn is saved, never lost when a turn fails. */
import { describe, expect, it } from 'vitest';
import { defineFlow, joinDeliveries, type InboxDelivery, type Say } from '../../../src/core/flow.js';
import { memoryEngine } from '../../helpers/engine.js';

const text = (r: { text: string }[]) => r.map((m) => m.text).join('\n');
const raw = (t: string): Say => ({ key: 'common:raw', params: { text: t } });

/** An in-memory inbox with the Redis one's contract: peek, then `ack` drops exactly what was peeked. */
function fakeInbox(...items: string[]) {
  const list = items.map(raw);
  const log: string[] = [];
  let failAck = 0;
  const hook = async (): Promise<InboxDelivery | undefined> => {
    if (list.length === 0) return undefined;
    const n = list.length;
    return {
      say: list.slice(),
      async ack() {
        log.push('ack');
        if (failAck > 0 && failAck--) throw new Error('redis gone');
        list.splice(0, n);
      },
    };
  };
  return { list, log, hook, failNextAck: () => void (failAck = 1) };
}

const echo = defineFlow({
  id: 'echo',
  version: 1,
  start: () => ({ say: [] }),
  match: (input) => ({ kind: 'faq', score: 0.8, label: 'echo', result: { say: [raw(`echo:${input.text}`)] } }),
});

/** An engine over `inbox` whose session save can be made to fail once; `log` records saves and acks in order. */
function engineWith(inbox: ReturnType<typeof fakeInbox>, flows = [echo]) {
  const e = memoryEngine({ flows, inbox: inbox.hook });
  const save = e.sessions.save.bind(e.sessions);
  let failSave = false;
  e.sessions.save = async (key, state) => {
    if (failSave) {
      failSave = false;
      throw new Error('save failed');
    }
    await save(key, state);
    inbox.log.push('save');
  };
  return { ...e, failNextSave: () => void (failSave = true) };
}

describe('engine inbox delivery', () => {
  it('delivers waiting messages first and removes them only after the turn is saved', async () => {
    const inbox = fakeInbox('officer: did you see the plate?');
    const { say } = engineWith(inbox);
    expect(text(await say('u', { text: 'hi' }))).toBe('officer: did you see the plate?\necho:hi');
    expect(inbox.log).toEqual(['save', 'ack']);
    expect(inbox.list).toEqual([]);
    expect(text(await say('u', { text: 'again' }))).toBe('echo:again');
  });

  it('a turn whose save fails removes nothing: the retry delivers the messages, exactly once', async () => {
    const inbox = fakeInbox('officer: one', 'closed: two');
    const { say, failNextSave } = engineWith(inbox);
    failNextSave();
    await expect(say('u', { text: 'hi' })).rejects.toThrow('save failed');
    expect(inbox.log).toEqual([]);
    expect(inbox.list).toHaveLength(2);
    expect(text(await say('u', { text: 'hi' }))).toBe('officer: one\nclosed: two\necho:hi');
    expect(text(await say('u', { text: 'next' }))).toBe('echo:next');
  });

  it('when the ack fails after the save, the turn still answers, the error is reported, and the messages come again next turn', async () => {
    const inbox = fakeInbox('officer: one');
    const { say, ackErrors } = engineWith(inbox);
    inbox.failNextAck();
    expect(text(await say('u', { text: 'hi' }))).toBe('officer: one\necho:hi');
    expect(ackErrors).toHaveLength(1);
    expect(inbox.list).toHaveLength(1);
    expect(text(await say('u', { text: 'again' }))).toBe('officer: one\necho:again');
    expect(text(await say('u', { text: 'last' }))).toBe('echo:last');
  });

  it('a failing flow still shows the waiting messages, and then removes them', async () => {
    const broken = defineFlow({
      id: 'broken',
      version: 1,
      start: () => ({ say: [] }),
      match: () => ({ kind: 'faq', score: 0.8, label: 'broken', result: { say: [], effects: [{ type: 'nope' }] } }),
    });
    const inbox = fakeInbox('officer: one');
    const { say, errors } = engineWith(inbox, [broken]);
    const r = text(await say('u', { text: 'xin chào' }));
    expect(r).toContain('officer: one');
    expect(r).toContain('hệ thống đang gặp trục trặc');
    expect(errors).toHaveLength(1);
    expect(inbox.list).toEqual([]);
  });
});

describe('joinDeliveries', () => {
  it('keeps the order, takes the first flow, and passes a single delivery through', () => {
    const a: InboxDelivery = { say: [raw('a')] };
    const b: InboxDelivery = { say: [raw('b')], flow: { id: 'reply', step: 'text', data: { code: 'X' } } };
    expect(joinDeliveries(undefined, undefined)).toBeUndefined();
    expect(joinDeliveries(undefined, b)).toBe(b);
    const joined = joinDeliveries(a, b)!;
    expect(joined.say).toEqual([raw('a'), raw('b')]);
    expect(joined.flow).toEqual(b.flow);
  });

  it('runs every ack even when one fails, then rejects with that failure', async () => {
    const acked: string[] = [];
    const joined = joinDeliveries(
      { say: [raw('a')], ack: async () => Promise.reject(new Error('first failed')) },
      { say: [raw('b')], ack: async () => void acked.push('b') },
    )!;
    await expect(joined.ack!()).rejects.toThrow('first failed');
    expect(acked).toEqual(['b']);
  });
});
