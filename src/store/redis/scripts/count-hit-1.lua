-- KEYS[1] counter; ARGV[1] TTL s. INCR, and the TTL only when the counter has none (EXPIRE NX, any Redis version).
-- Returns the count after this hit.
local n = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) == -1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
