-- signup. KEYS[1] event meta hash (field `seats`), KEYS[2] the new sign-up hash, KEYS[3] by-user
-- hash (pseudonym → code), KEYS[4] waitlist list, KEYS[5] codes zset.
-- ARGV[1] code, ARGV[2] user pseudonym, ARGV[3] people, ARGV[4] capacity (-1: none),
-- ARGV[5] '1' to join the waitlist when full, ARGV[6] created ms, ARGV[7..] field/value pairs.
-- Returns {1, code} confirmed; {2, code} waitlisted; {-1, ''} full; {-3, existing code} already signed up.
local existing = redis.call('HGET', KEYS[3], ARGV[2])
if existing then return {-3, existing} end
local seats = tonumber(redis.call('HGET', KEYS[1], 'seats') or '0')
local people = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])
local status
if cap < 0 or seats + people <= cap then
  status = 'confirmed'
  redis.call('HINCRBY', KEYS[1], 'seats', people)
elseif ARGV[5] == '1' then
  status = 'waitlisted'
  redis.call('RPUSH', KEYS[4], ARGV[1])
else
  return {-1, ''}
end
local fields = {}
for i = 7, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[2], 'status', status, unpack(fields))
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
if status == 'confirmed' then return {1, ARGV[1]} end
return {2, ARGV[1]}
