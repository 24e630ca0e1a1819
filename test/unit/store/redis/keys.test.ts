/**
 * Redis Cluster: keys used together in one MULTI, MGET or Lua script must hash to one slot, i.e.
 * share a hash tag. These tests pin the tags of every key group that is used together.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/config.js';
import {
  createBroadcastKeys,
  createEditKeys,
  createKeys,
  createReportKeys,
  createStaffKeys,
  createSubscriptionKeys,
  createUnansweredKeys,
  createZaloKeys,
  intakeKeys,
} from '../../../../src/store/redis/keys.js';

/** The part of a key Redis Cluster hashes: the first non-empty `{…}`, else the whole key. */
function hashed(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Asserts every key hashes like the first one, and that this is a real tag (not the whole key). */
function expectOneSlot(keys: string[]): void {
  const tags = keys.map(hashed);
  expect(tags[0]).not.toBe(keys[0]);
  expect(new Set(tags)).toEqual(new Set([tags[0]]));
}

describe('hashed part of a key', () => {
  it('follows the Redis Cluster rule', () => {
    expect(hashed('p:{u:abc}:session')).toBe('u:abc');
    expect(hashed('p:{}:x{y}')).toBe('p:{}:x{y}');
    expect(hashed('p:{a}{b}')).toBe('a');
    expect(hashed('p:plain')).toBe('p:plain');
  });
});

describe('key groups used together share one hash slot', () => {
  it('a user: session, preferences, lock, last seen, inbox, saved turn replies, Zalo contact (MGET and save script of the session store)', () => {
    const k = createKeys('antq');
    expectOneSlot([
      k.session('U1'),
      k.prefs('U1'),
      k.lock('U1'),
      k.seen('U1'),
      k.inbox('U1'),
      k.turn('U1', '1732600000000-0'),
      createZaloKeys(k).contact('U1'),
    ]);
    expect(hashed(k.session('U1'))).not.toBe(hashed(k.session('U2')));
  });

  it('intake: the stream and the seen marks (the accept script)', () => {
    const k = intakeKeys('antq', Buffer.alloc(32, 1));
    expectOneSlot([k.stream, k.seen('zalo:m1'), k.seen('messenger:m2')]);
  });

  it('reports: report, index, queue, reporter index, daily counter and photos (the submit script)', () => {
    const k = createReportKeys('antq');
    expectOneSlot([
      k.report('A'),
      k.index,
      k.byReporter('U'),
      k.queue('kcn'),
      k.daily('U', '2026-5-1'),
      k.backlog,
      k.unclaimed,
      k.draftPhoto('d'),
      k.photo('A', 'd'),
      k.thread('A'),
      k.notes('A'),
      k.inbox('U'),
    ]);
  });

  it('staff: lock-out keys of an account and address pair and of the address (one script); alert addresses (one MGET)', () => {
    const k = createStaffKeys('antq');
    expectOneSlot([k.pairLock('lan', '10.0.0.1'), k.failedPair('lan', '10.0.0.1'), k.pairLocks('lan', '10.0.0.1'), k.failedIp('10.0.0.1'), k.lockTold('minh')]);
    expectOneSlot([k.alertAddress('lan'), k.alertAddress('minh')]);
  });

  it('news: subscribers and topic sets; unanswered counts and dates; one broadcast’s report and marks', () => {
    const k = { ...createSubscriptionKeys('antq'), ...createUnansweredKeys('antq'), ...createBroadcastKeys('antq') };
    expectOneSlot([k.subscribers, k.topic('theft'), k.topic('slogan')]);
    expectOneSlot([k.unanswered, k.unansweredLast, k.unansweredAt]);
    expectOneSlot([k.broadcast('b1'), k.marks('b1')]);
    expect(hashed(k.bullPrefix)).toBe('bull');
  });
  it('edited content: the latest versions, a document’s history and the revision (the append script, one MULTI)', () => {
    const k = createEditKeys('antq');
    expectOneSlot([k.latest, k.revision, k.history('event', 'qc-bong-da'), k.history('faq', 'festival-what')]);
  });
});

describe('REDIS_CLUSTER_NODES', () => {
  const base = { NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32) };

  it('parses comma-separated host:port into seed nodes; empty or unset means one server', () => {
    expect(loadConfig({ ...base, REDIS_CLUSTER_NODES: '10.0.0.1:7000,redis-b:7001' }).redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
    ]);
    expect(loadConfig({ ...base, REDIS_CLUSTER_NODES: '' }).redisClusterNodes).toBeUndefined();
    expect(loadConfig(base).redisClusterNodes).toBeUndefined();
  });

  it('names the variable when a node has no port or a bad one', () => {
    expect(() => loadConfig({ ...base, REDIS_CLUSTER_NODES: '10.0.0.1:7000,redis-b' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, REDIS_CLUSTER_NODES: 'redis-b' })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => loadConfig({ ...base, REDIS_CLUSTER_NODES: 'redis-b:70000' })).toThrow(/REDIS_CLUSTER_NODES: a port is above 65535/);
  });
});
