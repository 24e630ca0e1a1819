-- need info: an officer waits for the reporter. KEYS[1] report hash, KEYS[2] backlog hash, KEYS[3]
-- unclaimed zset. ARGV[1] now ISO. Returns 1; 0 no such report; -2 closed (a closed report stays closed).
-- include: report-backlog
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
if st == 'resolved' or st == 'rejected' then return -2 end
redis.call('HSET', KEYS[1], 'status', 'need_info', 'updatedAt', ARGV[1])
backlog(KEYS[2], KEYS[3], redis.call('HGET', KEYS[1], 'code'), st, 'need_info')
return 1
