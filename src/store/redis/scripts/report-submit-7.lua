-- submit. KEYS[1] report hash, KEYS[2] index zset, KEYS[3] by-reporter zset, KEYS[4] KCN queue
-- stream, KEYS[5] daily counter, KEYS[6] backlog hash, KEYS[7] unclaimed zset, KEYS[8..] pairs of
-- (draft photo key, final photo key).
-- ARGV[1] code, ARGV[2] created ms, ARGV[3] daily limit, ARGV[4] counter TTL s, ARGV[5] group,
-- ARGV[6] unclaimed consumer, ARGV[7] photo TTL s, ARGV[8..] field/value pairs of the report.
-- The by-reporter index keeps one day of codes (daily limit, duplicate hints) and expires after two.
-- Returns the stream id; -1 over the daily limit; -2 the code exists.
-- include: report-backlog
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
return id
