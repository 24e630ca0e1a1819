-- KEYS[1] contact key; ARGV[1] error code; ARGV[2] epoch ms.
-- Marks an existing contact undeliverable; returns 1 when marked, 0 when there was no contact.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'undeliverable', ARGV[1], 'undeliverableAt', ARGV[2])
  return 1
end
return 0
