/** The BroadcastStore port (broadcast/ports.ts) on Redis: definitions once, marks counted once, claims with a lease. */
import { expect, it } from 'vitest';
import type { BroadcastStore } from '../../src/broadcast/ports.js';
import type { BroadcastDef } from '../../src/broadcast/types.js';
import { createRedisBroadcastStore } from '../../src/store/redis/broadcasts.js';
import { contract } from '../helpers/contract.js';

const NOW = new Date('2026-08-12T01:00:00Z');
const def: BroadcastDef = { id: 'b1', topic: 'festival', say: { key: 'broadcasts:adhoc', params: { vi: 'x', en: 'y' } }, at: NOW.toISOString(), source: 'cli' };

contract<BroadcastStore>('broadcast store', [{ name: 'redis', build: ({ redis, prefix }) => createRedisBroadcastStore(redis, prefix) }], (store) => {
  it('defines a broadcast once and reports it', async () => {
    expect(await store().define(def, NOW)).toBe(true);
    expect(await store().define({ ...def, topic: 'slogan' }, NOW)).toBe(false);
    expect(await store().definition('b1')).toEqual(def);
    expect(await store().recent(5)).toEqual(['b1']);
    expect(await store().report('b1')).toMatchObject({ id: 'b1', status: 'starting', targeted: 0, pending: 0 });
    expect(await store().report('nope')).toBeUndefined();
  });

  it('counts each subscriber once, settles a claimed delivery once, and is done when all are settled', async () => {
    expect(await store().queue('b1', ['u1', 'u2'])).toBe(2);
    expect(await store().queue('b1', ['u2'])).toBe(0);
    expect(await store().claim('b1', 'u1', 't1', NOW, 30_000)).toBe('claimed');
    expect(await store().claim('b1', 'u1', 't2', NOW, 30_000)).toBe('busy');
    expect(await store().settle('b1', 'u1', 't2', 'sent', NOW)).toBe(false);
    expect(await store().settle('b1', 'u1', 't1', 'sent', NOW)).toBe(true);
    expect(await store().claim('b1', 'u1', 't3', NOW, 30_000)).toBe('done');
    await store().fannedOut('b1', NOW);
    expect(await store().report('b1')).toMatchObject({ status: 'sending', targeted: 2, sent: 1, pending: 1 });
    expect(await store().claim('b1', 'u2', 't4', NOW, 1)).toBe('claimed');
    expect(await store().claim('b1', 'u2', 't5', new Date(NOW.getTime() + 10), 30_000)).toBe('reclaimed');
    await store().release('b1', 'u2', 't5');
    expect(await store().claim('b1', 'u2', 't6', NOW, 30_000)).toBe('claimed');
    expect(await store().settle('b1', 'u2', 't6', 'window', NOW)).toBe(true);
    expect(await store().report('b1')).toMatchObject({ status: 'done', targeted: 2, sent: 1, skippedWindow: 1, eligible: 1, pending: 0, uncertain: 1 });
  });

  it('keeps a scheduled broadcast until it begins or is cancelled, whichever comes first; both once', async () => {
    const later = new Date(NOW.getTime() + 3600_000);
    const scheduled: BroadcastDef = { ...def, id: 'b2', at: later.toISOString(), source: 'supervisor', by: 'sup', parks: ['dinh-tram'], text: { vi: 'x' } };
    expect(await store().schedule(scheduled, NOW)).toBe(true);
    expect(await store().schedule(scheduled, NOW)).toBe(false);
    expect(await store().report('b2')).toMatchObject({
      status: 'scheduled',
      startedAt: '',
      scheduledFor: later.toISOString(),
      source: 'supervisor',
      by: 'sup',
      parks: ['dinh-tram'],
      text: { vi: 'x' },
    });
    expect(await store().begin('b2', later)).toBe(true);
    expect(await store().report('b2')).toMatchObject({ status: 'starting', startedAt: later.toISOString() });
    expect(await store().cancel('b2', later)).toBe('already_started');
    expect(await store().begin('b2', later)).toBe(true);

    expect(await store().schedule({ ...scheduled, id: 'b3' }, NOW)).toBe(true);
    expect(await store().cancel('b3', NOW)).toBe('cancelled');
    expect(await store().cancel('b3', NOW)).toBe('already_cancelled');
    expect(await store().begin('b3', later)).toBe(false);
    expect(await store().report('b3')).toMatchObject({ status: 'cancelled', cancelledAt: NOW.toISOString(), startedAt: '' });
    expect(await store().cancel('nope', NOW)).toBe('not_found');
    expect(await store().begin('nope', NOW)).toBe(false);
    expect(await store().recent(5)).toEqual(['b3', 'b2', 'b1']);
  });
});
