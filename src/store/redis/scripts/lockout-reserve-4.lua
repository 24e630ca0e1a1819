-- KEYS[1] pair lock, KEYS[2] pair attempts, KEYS[3] pair's past locks, KEYS[4] address attempts (one
-- slot: `{failed}`). ARGV[1] max per pair, ARGV[2] max per address, ARGV[3] window s, ARGV[4] first
-- lock s, ARGV[5] longest lock s, ARGV[6] memory of past locks s.
-- Returns {seconds to wait (0: go ahead), 1 when this attempt locked the pair else 0}.
local held = redis.call('TTL', KEYS[1])
if held > 0 then return {held, 0} end
local byIp = redis.call('INCR', KEYS[4])
if redis.call('TTL', KEYS[4]) == -1 then redis.call('EXPIRE', KEYS[4], ARGV[3]) end
if byIp > tonumber(ARGV[2]) then return {math.max(redis.call('TTL', KEYS[4]), 1), 0} end
local n = redis.call('INCR', KEYS[2])
if redis.call('TTL', KEYS[2]) == -1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
if n <= tonumber(ARGV[1]) then return {0, 0} end
local level = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[6])
local seconds = math.floor(math.min(tonumber(ARGV[4]) * 2 ^ (level - 1), tonumber(ARGV[5])))
redis.call('SET', KEYS[1], '1', 'EX', seconds)
redis.call('DEL', KEYS[2])
return {seconds, 1}
