-- One token of a client's bucket, atomically, for every gateway sharing this Redis.
-- KEYS[1]: the bucket. ARGV: burst (capacity), requests (refill per period), period in ms.
-- Returns { allowed (1|0), whole tokens left, ms until the next token when refused }.
-- The clock is Redis's own (TIME), so gateways with skewed clocks still share one refill rate.
local burst = tonumber(ARGV[1])
local requests = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * requests / period)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * period / requests)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
-- A bucket left alone this long is full again, the same as no bucket: let Redis forget it.
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * period / requests) + 1000)
return { allowed, math.floor(tokens), wait }
