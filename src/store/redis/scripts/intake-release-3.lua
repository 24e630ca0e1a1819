-- KEYS[1] intake stream, KEYS[2] a held list, KEYS[3] due set. ARGV[1] the held list's member in the due
-- set. Puts every held event back into the stream, in order, and forgets the list. Returns how many.
local items = redis.call('LRANGE', KEYS[2], 0, -1)
for _, e in ipairs(items) do redis.call('XADD', KEYS[1], '*', 'e', e) end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return #items
