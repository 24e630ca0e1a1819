-- KEYS[1] list; ARGV[1] TTL s, ARGV[2..] items. Appends the items and (re)sets the TTL; returns the new length.
local n = redis.call('RPUSH', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return n
