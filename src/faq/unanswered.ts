/**
 * Questions the FAQ could not answer, counted so editors see what to add: the normalised text only
 * (no user, no channel), with phone numbers, plates, codes, e-mail addresses and long digit runs
 * masked as `#` before anything is stored (lib/redact.ts), its count and the last day it was asked.
 * Each question is deleted `retentionDays` after it was last asked (default 30: free text can hold
 * details nobody agreed to keep); the list keeps the `MAX_QUESTIONS` most asked.
 */
import { redactPersonal } from '../lib/redact.js';
import { guard, type Redis } from '../store/redis/client.js';
import { runScript } from '../store/redis/script.js';
import { storableQuestion } from './normalize.js';

export const MAX_QUESTIONS = 2000;
export const RETENTION_DAYS = 30;

export interface UnansweredQuestion {
  question: string;
  count: number;
  /** Last day asked, YYYY-MM-DD (UTC). */
  lastAsked: string | undefined;
}

export interface UnansweredStore {
  record(text: string, at: Date): Promise<void>;
  /** The most asked first (questions past their retention are deleted first). */
  top(limit: number): Promise<UnansweredQuestion[]>;
  /** Deletes the questions last asked more than the retention time ago (also done on every record and read). */
  prune(): Promise<void>;
}

/** The keys of the list: counts, last day asked, and last time asked (ms, for the retention). One slot. */
export interface UnansweredKeys {
  unanswered: string;
  unansweredLast: string;
  unansweredAt: string;
}

/**
 * KEYS[1] counts zset, KEYS[2] last-day hash, KEYS[3] last-asked zset (ms). ARGV[1] question or '' (only
 * prune), ARGV[2] its day, ARGV[3] now ms, ARGV[4] retention ms, ARGV[5] most questions kept.
 * Records the question, deletes every question last asked before now - retention and the least asked
 * beyond the maximum (from all three keys), and lets the keys expire with the retention. Returns 1.
 */
const RECORD = `if ARGV[1] ~= '' then
  redis.call('ZINCRBY', KEYS[1], 1, ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
end
local function forget(questions)
  for i = 1, #questions, 500 do
    local part = { unpack(questions, i, math.min(i + 499, #questions)) }
    redis.call('ZREM', KEYS[1], unpack(part))
    redis.call('HDEL', KEYS[2], unpack(part))
    redis.call('ZREM', KEYS[3], unpack(part))
  end
end
forget(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. (tonumber(ARGV[3]) - tonumber(ARGV[4]))))
local extra = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5])
if extra > 0 then forget(redis.call('ZRANGE', KEYS[1], 0, extra - 1)) end
local ttl = math.ceil(tonumber(ARGV[4]) / 1000)
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ttl) end
return 1`;

/** What may be stored of a question: personal details masked first, then normalised (`storableQuestion`). */
export function maskedQuestion(text: string): string {
  const MARK = '\u0000';
  return redactPersonal(text, MARK)
    .split(MARK)
    .map(storableQuestion)
    .join(' # ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
    .trim();
}

export function createUnansweredStore(redis: Redis, keys: UnansweredKeys, opts: { retentionDays?: number; clock?: () => Date } = {}): UnansweredStore {
  const retentionMs = (opts.retentionDays ?? RETENTION_DAYS) * 86_400_000;
  const clock = opts.clock ?? (() => new Date());
  const run = (question: string, at: Date) =>
    guard(() => runScript(redis, RECORD, [keys.unanswered, keys.unansweredLast, keys.unansweredAt], [question, at.toISOString().slice(0, 10), at.getTime(), retentionMs, MAX_QUESTIONS]));
  return {
    async record(text, at) {
      const q = maskedQuestion(text);
      if (q.replace(/[#\s]/g, '')) await run(q, at);
    },
    async top(limit) {
      await run('', clock());
      const flat = await guard(() => redis.zrevrange(keys.unanswered, 0, Math.max(0, limit - 1), 'WITHSCORES'));
      const questions: string[] = flat.filter((_, i) => i % 2 === 0);
      const last = questions.length ? await guard(() => redis.hmget(keys.unansweredLast, ...questions)) : [];
      return questions.map((question, i) => ({ question, count: Number(flat[i * 2 + 1]), lastAsked: last[i] ?? undefined }));
    },
    async prune() {
      await run('', clock());
    },
  };
}
