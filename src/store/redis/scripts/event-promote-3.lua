-- promote by hand. KEYS[1] event meta hash, KEYS[2] the sign-up hash, KEYS[3] waitlist. ARGV[1] code,
-- ARGV[2] now ISO.
-- An organiser confirms one waiting sign-up, whatever the capacity (they decide to take more people).
-- Returns 1 confirmed; 0 no such sign-up; -2 not waiting.
local st = redis.call('HGET', KEYS[2], 'status')
if not st then return 0 end
if st ~= 'waitlisted' then return -2 end
redis.call('LREM', KEYS[3], 0, ARGV[1])
redis.call('HSET', KEYS[2], 'status', 'confirmed', 'promotedAt', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'seats', tonumber(redis.call('HGET', KEYS[2], 'people') or '1'))
return 1
