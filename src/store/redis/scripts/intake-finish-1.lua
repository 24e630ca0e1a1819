-- KEYS[1] intake stream. ARGV[1] entry id, ARGV[2] group. Acknowledges and deletes in one step.
-- Returns 1.
redis.call('XACK', KEYS[1], ARGV[2], ARGV[1])
redis.call('XDEL', KEYS[1], ARGV[1])
return 1
