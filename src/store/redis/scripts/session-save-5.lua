-- KEYS[1] seen, KEYS[2] session, KEYS[3] prefs, KEYS[4] turn record, KEYS[5] user lock (one user, one
-- slot). ARGV[1] seen epoch ms or '' (kept), ARGV[2] sealed session or '' (deleted), ARGV[3] prefs JSON
-- or '' (kept), ARGV[4..6] their TTLs (s), ARGV[7] sealed turn replies or '' (none), ARGV[8] its TTL (s),
-- ARGV[9] the lock token the turn holds, or '' (no check), ARGV[10] '1' to release the lock too. The end
-- of a turn in one command: the state and the replies it produced are saved together, only while the
-- turn still holds the lock, and the lock is let go in the same step when the turn has nothing left to
-- do under it. Returns 1; an error reply LOCK_LOST (nothing saved) when ARGV[9] is not the lock's token.
if ARGV[9] ~= '' and redis.call('GET', KEYS[5]) ~= ARGV[9] then return redis.error_reply('LOCK_LOST the user lock is no longer held by this turn') end
if ARGV[1] ~= '' then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4]) end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[5]) else redis.call('DEL', KEYS[2]) end
if ARGV[3] ~= '' then redis.call('SET', KEYS[3], ARGV[3], 'EX', ARGV[6]) end
if ARGV[7] ~= '' then redis.call('SET', KEYS[4], ARGV[7], 'EX', ARGV[8]) end
if ARGV[9] ~= '' and ARGV[10] == '1' then redis.call('DEL', KEYS[5]) end
return 1
