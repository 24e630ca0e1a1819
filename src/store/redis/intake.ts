/**
 * The webhook intake (intake/ports.ts) on a Redis Stream with the consumer group `workers`. A new
 * event is stored by one script that also sets its seen mark; a processed one is acknowledged and
 * deleted by another. Held lists and their due set move events out of and back into the stream by
 * script. Every key shares the tag `{intake}`.
 */
import type { IntakeEntry, IntakeQueue, IntakeReader } from '../../intake/ports.js';
import { duplicateForBlocking, guard, type Redis } from './client.js';
import { intakeKeys } from './keys.js';
import { lua, runScript } from './script.js';

/** See scripts/intake-accept-2.lua. */
const ACCEPT = lua('intake-accept');
/** See scripts/intake-finish-1.lua. */
const FINISH = lua('intake-finish');
/** See scripts/intake-hold-3.lua. */
const HOLD = lua('intake-hold');
/** See scripts/intake-release-3.lua. */
const RELEASE = lua('intake-release');

const GROUP = 'workers';
/** A held list outlives any rate window by far; it only expires if no worker ever runs again. */
const HELD_TTL_SECONDS = 24 * 3600;

type StreamEntries = [string, string[]][];
const entries = (rows: StreamEntries): IntakeEntry[] => rows.map(([id, fields]) => ({ id, sealed: fields?.[fields.indexOf('e') + 1] ?? '' }));

/** The intake of one key prefix; `pseudonym` keys the HMAC of the seen marks (a message id can embed a platform id). */
export function createRedisIntakeQueue(redis: Redis, prefix: string, pseudonym: Buffer): IntakeQueue {
  const k = intakeKeys(prefix, pseudonym);
  return {
    async accept(dedupeId, sealed, opts) {
      const res = await guard(() => runScript(redis, ACCEPT, [k.seen(dedupeId), k.stream], [opts.seenTtlSeconds, sealed, opts.maxBacklog]));
      if (res === -1) return 'full';
      return res === null ? 'duplicate' : 'accepted';
    },
    async finish(id) {
      await runScript(redis, FINISH, [k.stream], [id, GROUP]);
    },
    async keepClaimed(consumer, ids) {
      if (ids.length) await redis.xclaim(k.stream, GROUP, consumer, 0, ...ids, 'JUSTID');
    },
    length: () => redis.xlen(k.stream),
    heldUsers: () => redis.zcard(k.due),
    held: (member) => guard(() => redis.llen(k.held(member))),
    async hold(id, sealed, member, dueMs) {
      await guard(() => runScript(redis, HOLD, [k.stream, k.held(member), k.due], [id, GROUP, sealed, member, dueMs, HELD_TTL_SECONDS]));
    },
    async releaseDue(nowMs) {
      const members = await redis.zrangebyscore(k.due, '-inf', nowMs, 'LIMIT', 0, 100);
      let moved = 0;
      for (const m of members) moved += Number(await runScript(redis, RELEASE, [k.stream, k.held(m), k.due], [m]));
      return moved;
    },
    reader(consumer) {
      return createReader(redis, k.stream, consumer);
    },
  };
}

function createReader(redis: Redis, stream: string, consumer: string): IntakeReader {
  const r = duplicateForBlocking(redis);
  r.on('error', () => undefined);
  return {
    async ensureGroup() {
      try {
        await r.xgroup('CREATE', stream, GROUP, '0', 'MKSTREAM');
      } catch (err) {
        if (!String(err).includes('BUSYGROUP')) throw err;
      }
    },
    async claimStale(idleMs, count) {
      const [, stale] = (await r.xautoclaim(stream, GROUP, consumer, idleMs, '0-0', 'COUNT', count)) as [string, StreamEntries];
      return entries(stale);
    },
    async read(count, blockMs) {
      const res = (await r.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', stream, '>')) as [string, StreamEntries][] | null;
      return res?.[0] ? entries(res[0][1]) : [];
    },
    close: () => r.disconnect(),
  };
}
