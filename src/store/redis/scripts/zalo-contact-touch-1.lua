-- KEYS[1] contact key; ARGV[1] sealed address; ARGV[2] epoch ms; ARGV[3] TTL s. Records an interaction
-- in one command (it runs before every Zalo acknowledgement).
-- Returns 1.
redis.call('HSET', KEYS[1], 'address', ARGV[1], 'lastInteraction', ARGV[2])
redis.call('HDEL', KEYS[1], 'undeliverable', 'undeliverableAt')
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
