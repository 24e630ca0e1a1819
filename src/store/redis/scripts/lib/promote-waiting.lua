-- Shared by the scripts below: confirms the waiting sign-ups of one event in order, while they fit.
-- `meta` the event's meta hash (`seats`), `waitlist` its waitlist, `prefix` the key prefix of its
-- sign-up hashes (same hash tag: the keys are built here, known only once the waitlist is read),
-- `cap` the capacity (-1: none), `now` ISO. Returns the codes confirmed, appended to `out`.
local function promote_waiting(meta, waitlist, prefix, cap, now, out)
  while true do
    local head = redis.call('LINDEX', waitlist, 0)
    if not head then break end
    local key = prefix .. head
    local p = tonumber(redis.call('HGET', key, 'people') or '1')
    local seats = tonumber(redis.call('HGET', meta, 'seats') or '0')
    if cap >= 0 and seats + p > cap then break end
    redis.call('LPOP', waitlist)
    redis.call('HSET', key, 'status', 'confirmed', 'promotedAt', now)
    redis.call('HINCRBY', meta, 'seats', p)
    out[#out + 1] = head
  end
  return out
end
