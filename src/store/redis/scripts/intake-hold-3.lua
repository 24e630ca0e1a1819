-- KEYS[1] intake stream, KEYS[2] the user's held list, KEYS[3] due set. ARGV[1] entry id, ARGV[2] group,
-- ARGV[3] sealed event, ARGV[4] due-set member (the user's hash), ARGV[5] due epoch ms, ARGV[6] held list
-- TTL s. Moves one entry from the stream to the end of the held list; an earlier due time is kept.
-- Returns 1.
redis.call('XACK', KEYS[1], ARGV[2], ARGV[1])
redis.call('XDEL', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('ZADD', KEYS[3], 'NX', ARGV[5], ARGV[4])
return 1
