-- KEYS[1] report; ARGV[1] now ISO.
-- A scheduled broadcast starts: its status becomes 'starting' and its start time is now. One that started
-- already may fan out again (marks decide who still needs it); a cancelled or unknown one may not.
-- Returns 1 may fan out; 0 cancelled or unknown.
local st = redis.call('HGET', KEYS[1], 'status')
if not st or st == 'cancelled' then return 0 end
if st == 'scheduled' then redis.call('HSET', KEYS[1], 'status', 'starting', 'startedAt', ARGV[1]) end
return 1
