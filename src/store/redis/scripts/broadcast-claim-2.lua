-- KEYS[1] marks, KEYS[2] report; ARGV[1] user key, ARGV[2] token, ARGV[3] now ms, ARGV[4] lease ms.
-- Returns 'done' (already settled), 'busy' (another live claim), 'claimed', or 'reclaimed' (a claim
-- whose holder died during the send: the send may have gone out; counted in `uncertain`).
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return 'done' end
if string.sub(v, 1, 5) == 'done:' then return 'done' end
local result = 'claimed'
if string.sub(v, 1, 8) == 'sending:' then
  local token, expires = string.match(v, '^sending:([^:]+):(%d+)$')
  if token ~= ARGV[2] and tonumber(expires) > tonumber(ARGV[3]) then return 'busy' end
  if token ~= ARGV[2] then
    result = 'reclaimed'
    redis.call('HINCRBY', KEYS[2], 'uncertain', 1)
  end
end
redis.call('HSET', KEYS[1], ARGV[1], 'sending:' .. ARGV[2] .. ':' .. (tonumber(ARGV[3]) + tonumber(ARGV[4])))
return result
