-- KEYS[1] a statistics hash (one day's counters, or one event's). ARGV[1] TTL s, ARGV[2..] field/value
-- pairs. Backfill: raises each field to at least its value (never lowers one), then sets the TTL.
-- Returns the number of fields raised.
local raised = 0
for i = 2, #ARGV, 2 do
  local v = tonumber(ARGV[i + 1])
  local now = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  if v > now then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    raised = raised + 1
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return raised
