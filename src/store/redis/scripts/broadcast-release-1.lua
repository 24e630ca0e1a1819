-- KEYS[1] marks; ARGV[1] user key, ARGV[2] token.
-- Gives a claim back (the send did not happen and will be retried). Returns 1 when released.
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and string.sub(v, 1, 9 + #ARGV[2]) == ('sending:' .. ARGV[2] .. ':') then
  redis.call('HSET', KEYS[1], ARGV[1], 'queued')
  return 1
end
return 0
