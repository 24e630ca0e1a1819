-- Shared by the scripts below: moves report `code` from status `from` to status `to` in the backlog
-- hash `kb` (open statuses only) and the unclaimed set `ku` (status `new`, scored by `created` ms).
local OPEN = { new = true, claimed = true, need_info = true }
local function backlog(kb, ku, code, from, to, created)
  if from == to then return end
  if from and OPEN[from] then redis.call('HINCRBY', kb, from, -1) end
  if OPEN[to] then redis.call('HINCRBY', kb, to, 1) end
  if from == 'new' then redis.call('ZREM', ku, code) end
  if to == 'new' then redis.call('ZADD', ku, created, code) end
end
