-- claim. KEYS[1] report hash, KEYS[2] KCN queue, KEYS[3] backlog hash, KEYS[4] unclaimed zset.
-- ARGV[1] officer, ARGV[2] now ISO, ARGV[3] group.
-- Returns 2 claimed for the first time (claimedAt set to ARGV[2]); 1 claimed (or already the caller's); 0 no
-- such report; -1 another officer holds it; -2 closed.
-- include: report-backlog
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
if st == 'resolved' or st == 'rejected' then return -2 end
local by = redis.call('HGET', KEYS[1], 'claimedBy')
if st ~= 'new' and by and by ~= '' and by ~= ARGV[1] then return -1 end
redis.call('XCLAIM', KEYS[2], ARGV[3], ARGV[1], 0, redis.call('HGET', KEYS[1], 'streamId'), 'JUSTID')
if st == 'new' then
  redis.call('HSET', KEYS[1], 'status', 'claimed')
  backlog(KEYS[3], KEYS[4], redis.call('HGET', KEYS[1], 'code'), 'new', 'claimed')
end
redis.call('HSET', KEYS[1], 'claimedBy', ARGV[1], 'updatedAt', ARGV[2])
if redis.call('HSETNX', KEYS[1], 'claimedAt', ARGV[2]) == 1 then return 2 end
return 1
