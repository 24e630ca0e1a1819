-- KEYS[1] report; ARGV[1] now ISO. Records that every subscriber was queued; marks the broadcast
-- done when all were already settled (or there were none).
-- Returns 1.
redis.call('HSET', KEYS[1], 'fannedOut', '1')
local settled = tonumber(redis.call('HGET', KEYS[1], 'settled') or '0')
local targeted = tonumber(redis.call('HGET', KEYS[1], 'targeted') or '0')
if settled >= targeted then
  redis.call('HSET', KEYS[1], 'status', 'done', 'finishedAt', ARGV[1])
else
  redis.call('HSET', KEYS[1], 'status', 'sending')
end
return 1
