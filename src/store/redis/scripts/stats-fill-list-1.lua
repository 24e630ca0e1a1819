-- KEYS[1] one day's list of durations. ARGV[1] TTL s, ARGV[2..] the entries rebuilt from what is stored.
-- Backfill: replaces the list by these entries only when they are more than it holds (a list counted as
-- things happened is never shortened). Returns 1 when replaced, 0 when kept.
if redis.call('LLEN', KEYS[1]) >= #ARGV - 1 then return 0 end
redis.call('DEL', KEYS[1])
for i = 2, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
