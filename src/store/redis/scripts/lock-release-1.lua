-- KEYS[1] lock key; ARGV[1] token. Deletes the key only if it still holds our token.
-- Returns 1 when released, 0 when the lock had expired or belongs to another holder.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end
