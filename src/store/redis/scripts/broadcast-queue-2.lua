-- KEYS[1] marks, KEYS[2] report; ARGV user keys.
-- Marks each user `queued` unless already marked; adds the number newly marked to `targeted`.
-- Returns that number.
local n = 0
for i = 1, #ARGV do
  n = n + redis.call('HSETNX', KEYS[1], ARGV[i], 'queued')
end
if n > 0 then redis.call('HINCRBY', KEYS[2], 'targeted', n) end
return n
