-- append an edit. KEYS[1] latest hash (`<kind>:<id>` → latest version), KEYS[2] the document's history
-- list, KEYS[3] revision counter. ARGV[1] the document's field in KEYS[1], ARGV[2] the new version's
-- number, ARGV[3] the new version (JSON).
-- The version is appended only when it follows the document's latest one (the history holds
-- ARGV[2] - 1 versions): two editors saving the same document at once cannot both win.
-- Returns {1, revision} appended; {0, latest version number} someone saved meanwhile.
local have = redis.call('LLEN', KEYS[2])
if have ~= tonumber(ARGV[2]) - 1 then return {0, have} end
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return {1, redis.call('INCR', KEYS[3])}
