-- KEYS[1] lock key; ARGV[1] token, ARGV[2] ttl ms. Extends the lock only if it still holds our token.
-- Returns 1 when extended, 0 when the lock expired or belongs to another holder.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end
