-- release: a claim that went idle returns to the queue. KEYS[1] report hash, KEYS[2] KCN queue,
-- KEYS[3] backlog hash, KEYS[4] unclaimed zset. ARGV[1] now ISO, ARGV[2] group, ARGV[3] unclaimed consumer.
-- A `claimed` report becomes `new`; a `need_info` one stays with its officer (the wait is the
-- reporter's); a closed one is acknowledged. Returns 1 when the report went back to the queue.
-- include: report-backlog
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 0 end
local id = redis.call('HGET', KEYS[1], 'streamId')
if st == 'claimed' then
  redis.call('HSET', KEYS[1], 'status', 'new', 'updatedAt', ARGV[1])
  redis.call('HDEL', KEYS[1], 'claimedBy')
  backlog(KEYS[3], KEYS[4], redis.call('HGET', KEYS[1], 'code'), 'claimed', 'new', redis.call('HGET', KEYS[1], 'createdMs') or '0')
  return 1
end
if st == 'need_info' then
  redis.call('XCLAIM', KEYS[2], ARGV[2], redis.call('HGET', KEYS[1], 'claimedBy'), 0, id, 'JUSTID')
end
if st == 'resolved' or st == 'rejected' then redis.call('XACK', KEYS[2], ARGV[2], id) end
return 0
