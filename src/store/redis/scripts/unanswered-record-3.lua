-- KEYS[1] counts zset, KEYS[2] last-day hash, KEYS[3] last-asked zset (ms). ARGV[1] question or '' (only
-- prune), ARGV[2] its day, ARGV[3] now ms, ARGV[4] retention ms, ARGV[5] most questions kept.
-- Records the question, deletes every question last asked before now - retention and the least asked
-- beyond the maximum (from all three keys), and lets the keys expire with the retention. Returns 1.
if ARGV[1] ~= '' then
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
return 1
