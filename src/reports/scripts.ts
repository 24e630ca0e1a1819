/**
 * Lua scripts of the report queue; each is atomic, so a report is never stored without being
 * queued, nor claimed by two officers. Return codes are mapped in one place (store.ts).
 * Every status change goes through one of them and moves the report in the backlog counters (a hash
 * of open reports per status, and a sorted set of unclaimed reports by creation time) in the same
 * step, so `/metrics` reads two small keys instead of every report.
 */

/**
 * Shared by the scripts below: moves report `code` from status `from` to status `to` in the backlog
 * hash `kb` (open statuses only) and the unclaimed set `ku` (status `new`, scored by `created` ms).
 */
const BACKLOG = `
local OPEN = { new = true, claimed = true, need_info = true }
local function backlog(kb, ku, code, from, to, created)
  if from == to then return end
  if from and OPEN[from] then redis.call('HINCRBY', kb, from, -1) end
  if OPEN[to] then redis.call('HINCRBY', kb, to, 1) end
  if from == 'new' then redis.call('ZREM', ku, code) end
  if to == 'new' then redis.call('ZADD', ku, created, code) end
end
`;

/**
 * submit. KEYS[1] report hash, KEYS[2] index zset, KEYS[3] by-reporter zset, KEYS[4] KCN queue
 * stream, KEYS[5] daily counter, KEYS[6] backlog hash, KEYS[7] unclaimed zset, KEYS[8..] pairs of
 * (draft photo key, final photo key).
 * ARGV[1] code, ARGV[2] created ms, ARGV[3] daily limit, ARGV[4] counter TTL s, ARGV[5] group,
 * ARGV[6] unclaimed consumer, ARGV[7] photo TTL s, ARGV[8..] field/value pairs of the report.
 * The by-reporter index keeps one day of codes (daily limit, duplicate hints) and expires after two.
 * Returns the stream id; -1 over the daily limit; -2 the code exists.
 */
export const SUBMIT = `${BACKLOG}
local n = tonumber(redis.call('GET', KEYS[5]) or '0')
if n >= tonumber(ARGV[3]) then return -1 end
if redis.call('EXISTS', KEYS[1]) == 1 then return -2 end
pcall(redis.call, 'XGROUP', 'CREATE', KEYS[4], ARGV[5], '0', 'MKSTREAM')
local id = redis.call('XADD', KEYS[4], '*', 'code', ARGV[1])
redis.call('XREADGROUP', 'GROUP', ARGV[5], ARGV[6], 'COUNT', 1000, 'STREAMS', KEYS[4], '>')
local fields = {}
for i = 8, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], 'streamId', id, 'createdMs', ARGV[2], unpack(fields))
backlog(KEYS[6], KEYS[7], ARGV[1], nil, 'new', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', tonumber(ARGV[2]) - 86400000)
redis.call('EXPIRE', KEYS[3], 172800)
redis.call('INCR', KEYS[5])
redis.call('EXPIRE', KEYS[5], ARGV[4])
for i = 8, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('RENAME', KEYS[i], KEYS[i + 1])
    redis.call('EXPIRE', KEYS[i + 1], ARGV[7])
  end
end
return id`;

/**
 * claim. KEYS[1] report hash, KEYS[2] KCN queue, KEYS[3] backlog hash, KEYS[4] unclaimed zset.
 * ARGV[1] officer, ARGV[2] now ISO, ARGV[3] group.
 * Returns 1 claimed (or already the caller's); 0 no such report; -1 another officer holds it; -2 closed.
 */
export const CLAIM = `${BACKLOG}
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
if st == 'resolved' or st == 'rejected' then return -2 end
local by = redis.call('HGET', KEYS[1], 'claimedBy')
if st ~= 'new' and by and by ~= '' and by ~= ARGV[1] then return -1 end
redis.call('XCLAIM', KEYS[2], ARGV[3], ARGV[1], 0, redis.call('HGET', KEYS[1], 'streamId'), 'JUSTID')
if st == 'new' then
  redis.call('HSET', KEYS[1], 'status', 'claimed')
  backlog(KEYS[3], KEYS[4], redis.call('HGET', KEYS[1], 'code'), 'new', 'claimed')
end
redis.call('HSET', KEYS[1], 'claimedBy', ARGV[1], 'updatedAt', ARGV[2])
return 1`;

/**
 * close. KEYS[1] report hash, KEYS[2] KCN queue, KEYS[3] backlog hash, KEYS[4] unclaimed zset. ARGV[1] status, ARGV[2] now ISO, ARGV[3] group,
 * ARGV[4] officer, ARGV[5] '1' when a supervisor may close another officer's claim.
 * Returns 1 closed; 0 no such report; -2 already closed; -3 claimed by another officer.
 */
export const CLOSE = `${BACKLOG}
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
if st == 'resolved' or st == 'rejected' then return -2 end
local by = redis.call('HGET', KEYS[1], 'claimedBy')
if by and by ~= '' and by ~= ARGV[4] and ARGV[5] ~= '1' then return -3 end
redis.call('XACK', KEYS[2], ARGV[3], redis.call('HGET', KEYS[1], 'streamId'))
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'closedAt', ARGV[2], 'updatedAt', ARGV[2])
backlog(KEYS[3], KEYS[4], redis.call('HGET', KEYS[1], 'code'), st, ARGV[1])
return 1`;

/**
 * release: a claim that went idle returns to the queue. KEYS[1] report hash, KEYS[2] KCN queue,
 * KEYS[3] backlog hash, KEYS[4] unclaimed zset. ARGV[1] now ISO, ARGV[2] group, ARGV[3] unclaimed consumer.
 * A `claimed` report becomes `new`; a `need_info` one stays with its officer (the wait is the
 * reporter's); a closed one is acknowledged. Returns 1 when the report went back to the queue.
 */
export const RELEASE = `${BACKLOG}
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
local id = redis.call('HGET', KEYS[1], 'streamId')
if st == 'claimed' then
  redis.call('HSET', KEYS[1], 'status', 'new', 'updatedAt', ARGV[1])
  redis.call('HDEL', KEYS[1], 'claimedBy')
  backlog(KEYS[3], KEYS[4], redis.call('HGET', KEYS[1], 'code'), 'claimed', 'new', redis.call('HGET', KEYS[1], 'createdMs') or '0')
  return 1
end
if st == 'need_info' then
  redis.call('XCLAIM', KEYS[2], ARGV[2], redis.call('HGET', KEYS[1], 'claimedBy'), 0, id, 'JUSTID')
end
if st == 'resolved' or st == 'rejected' then redis.call('XACK', KEYS[2], ARGV[2], id) end
return 0`;

/**
 * need info: an officer waits for the reporter. KEYS[1] report hash, KEYS[2] backlog hash, KEYS[3]
 * unclaimed zset. ARGV[1] now ISO. Returns 1; 0 no such report; -2 closed (a closed report stays closed).
 */
export const NEED_INFO = `${BACKLOG}
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
if st == 'resolved' or st == 'rejected' then return -2 end
redis.call('HSET', KEYS[1], 'status', 'need_info', 'updatedAt', ARGV[1])
backlog(KEYS[2], KEYS[3], redis.call('HGET', KEYS[1], 'code'), st, 'need_info')
return 1`;
