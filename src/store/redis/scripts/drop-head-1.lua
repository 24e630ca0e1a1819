-- KEYS[1] list; ARGV the items expected at its head. Drops them only while the list still starts with
-- exactly these items (a turn that lost its lock may have dropped them already: the items pushed since
-- must stay). Returns how many were dropped: #ARGV or 0.
local n = #ARGV
local head = redis.call('LRANGE', KEYS[1], 0, n - 1)
if #head < n then return 0 end
for i = 1, n do
  if head[i] ~= ARGV[i] then return 0 end
end
redis.call('LTRIM', KEYS[1], n, -1)
return n
