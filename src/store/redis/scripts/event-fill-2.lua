-- fill. KEYS[1] event meta hash, KEYS[2] waitlist. ARGV[1] capacity (-1: none), ARGV[2] key prefix of
-- the event's sign-up hashes (same hash tag), ARGV[3] now ISO.
-- After the capacity was raised: confirms the waiting sign-ups in order while they fit.
-- Returns the codes confirmed (possibly none).
-- include: promote-waiting
return promote_waiting(KEYS[1], KEYS[2], ARGV[2], tonumber(ARGV[1]), ARGV[3], {})
