-- resume: a report waiting for the reporter goes back to "in progress". KEYS[1] report hash, KEYS[2] KCN queue,
-- KEYS[3] backlog hash, KEYS[4] unclaimed zset. ARGV[1] officer, ARGV[2] now ISO, ARGV[3] group, ARGV[4] '1' when a
-- supervisor may act on another officer's claim. The claim is refreshed for its holder (its idle time starts again).
-- Returns 1 resumed; 0 no such report; -2 closed; -3 claimed by another officer; -4 not waiting for information.
-- include: report-backlog
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
if st == 'resolved' or st == 'rejected' then return -2 end
if st ~= 'need_info' then return -4 end
local by = redis.call('HGET', KEYS[1], 'claimedBy')
if by and by ~= '' and by ~= ARGV[1] and ARGV[4] ~= '1' then return -3 end
local holder = ARGV[1]
if by and by ~= '' then holder = by end
redis.call('XCLAIM', KEYS[2], ARGV[3], holder, 0, redis.call('HGET', KEYS[1], 'streamId'), 'JUSTID')
redis.call('HSET', KEYS[1], 'status', 'claimed', 'claimedBy', holder, 'updatedAt', ARGV[2])
backlog(KEYS[3], KEYS[4], redis.call('HGET', KEYS[1], 'code'), 'need_info', 'claimed')
return 1
