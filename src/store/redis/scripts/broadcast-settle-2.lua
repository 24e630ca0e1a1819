-- KEYS[1] marks, KEYS[2] report; ARGV[1] user key, ARGV[2] token, ARGV[3] outcome, ARGV[4] now ISO.
-- Settles a delivery claimed with this token: marks it done, counts the outcome, and marks the
-- broadcast done when nothing is left. Returns 1 when settled, 0 when it was not this token's.
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v or string.sub(v, 1, 9 + #ARGV[2]) ~= ('sending:' .. ARGV[2] .. ':') then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], 'done:' .. ARGV[3])
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
local settled = redis.call('HINCRBY', KEYS[2], 'settled', 1)
local targeted = tonumber(redis.call('HGET', KEYS[2], 'targeted') or '0')
if redis.call('HGET', KEYS[2], 'fannedOut') == '1' and settled >= targeted then
  redis.call('HSET', KEYS[2], 'status', 'done', 'finishedAt', ARGV[4])
end
return 1
