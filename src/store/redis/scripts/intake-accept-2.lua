-- KEYS[1] dedupe mark, KEYS[2] intake stream. ARGV[1] mark TTL s, ARGV[2] sealed event, ARGV[3] most events
-- waiting. Returns the stream id, false when the message id was already seen, or -1 when the backlog is
-- full (nothing stored, nothing marked: the caller answers 503 and the platform retries). The stream is
-- never trimmed: an accepted event leaves it only when processed.
if redis.call('XLEN', KEYS[2]) >= tonumber(ARGV[3]) then return -1 end
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return false end
return redis.call('XADD', KEYS[2], '*', 'e', ARGV[2])
