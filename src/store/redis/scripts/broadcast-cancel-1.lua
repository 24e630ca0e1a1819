-- KEYS[1] report; ARGV[1] now ISO.
-- Cancels a broadcast that has not started: 'scheduled' becomes 'cancelled' (the same script as `begin`
-- decides the race between a cancel and the start).
-- Returns 1 cancelled; 0 unknown; -1 started already; -2 cancelled already.
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
if st == 'cancelled' then return -2 end
if st ~= 'scheduled' then return -1 end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'cancelledAt', ARGV[1])
return 1
