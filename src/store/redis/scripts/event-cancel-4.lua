-- cancel. KEYS[1] event meta hash, KEYS[2] the sign-up hash, KEYS[3] by-user hash, KEYS[4] waitlist.
-- ARGV[1] code, ARGV[2] user pseudonym (must own the sign-up), ARGV[3] capacity (-1: none),
-- ARGV[4] key prefix of sign-up hashes of this event (same hash tag), ARGV[5] now ISO.
-- The cancelled sign-up's personal data is deleted at once.
-- Returns {1, promoted codes...}; {0} not found or not the user's; {-2} already cancelled.
-- The promoted sign-ups' keys are built here from ARGV[4] (they are known only once the waitlist is
-- read), not passed in KEYS: Redis Cluster allows it because they carry the event's hash tag, so
-- they are in the same slot as KEYS[1..4].
-- include: promote-waiting
local st = redis.call('HGET', KEYS[2], 'status')
if not st or redis.call('HGET', KEYS[2], 'userKey') ~= ARGV[2] then return {0} end
if st ~= 'confirmed' and st ~= 'waitlisted' then return {-2} end
redis.call('HSET', KEYS[2], 'status', 'cancelled', 'cancelledAt', ARGV[5])
redis.call('HDEL', KEYS[2], 'name', 'enterprise', 'phone', 'address')
redis.call('HDEL', KEYS[3], ARGV[2])
if st == 'waitlisted' then
  redis.call('LREM', KEYS[4], 0, ARGV[1])
  return {1}
end
redis.call('HINCRBY', KEYS[1], 'seats', -tonumber(redis.call('HGET', KEYS[2], 'people')))
return promote_waiting(KEYS[1], KEYS[4], ARGV[4], tonumber(ARGV[3]), ARGV[5], {1})
