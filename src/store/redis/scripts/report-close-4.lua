-- close. KEYS[1] report hash, KEYS[2] KCN queue, KEYS[3] backlog hash, KEYS[4] unclaimed zset. ARGV[1] status, ARGV[2] now ISO, ARGV[3] group,
-- ARGV[4] officer, ARGV[5] '1' when a supervisor may close another officer's claim.
-- Returns 1 closed; 0 no such report; -2 already closed; -3 claimed by another officer.
-- include: report-backlog
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
if st == 'resolved' or st == 'rejected' then return -2 end
local by = redis.call('HGET', KEYS[1], 'claimedBy')
if by and by ~= '' and by ~= ARGV[4] and ARGV[5] ~= '1' then return -3 end
redis.call('XACK', KEYS[2], ARGV[3], redis.call('HGET', KEYS[1], 'streamId'))
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'closedAt', ARGV[2], 'updatedAt', ARGV[2])
backlog(KEYS[3], KEYS[4], redis.call('HGET', KEYS[1], 'code'), st, ARGV[1])
return 1
