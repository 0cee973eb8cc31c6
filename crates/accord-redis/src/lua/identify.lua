-- The shared identify queue: one IDENTIFY per bucket (`shard % max_concurrency`) per window,
-- waiters served in enqueue order, and the daily budget of `session_start_limit`.
--
-- KEYS[1] routes the call (any key of the bot). ARGV[1] is the prefix `{accord:<hash>}`, ARGV[2]
-- the operation. Times are milliseconds of the Redis clock (TIME), the one clock every process
-- shares.
--
-- Keys: `P:iq:<bucket>` orders tickets by enqueue time, `P:il:<bucket>` holds each ticket's lease
-- (a waiter that stops renewing it, a process that died, is dropped when it runs out),
-- `P:it:<bucket>` is the turn (the ticket that identified last, expiring after the window),
-- `P:ib` the budget (total, remaining, reset_at). `P:iw` is the channel of wake-ups: the bucket
-- whose line moved.
--
-- acquire: ARGV bucket, ticket, enqueue score, window ms, lease ms, longest wait ms.
--   Returns {status, wait_ms, remaining, reset_in_ms}: status 1 granted, 0 wait in line, 2 wait
--   for the window of the ticket ahead, 3 wait for the budget's reset; remaining -1 when no
--   budget is known.
-- leave: ARGV bucket, ticket. Returns 1 if it was queued.
-- limit: ARGV total, remaining, reset_after ms, budget window ms. Returns {remaining, reset_in_ms}.

local P, op = ARGV[1], ARGV[2]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local budget_key = P .. ':ib'
-- Lines nobody used for this long are forgotten.
local IDLE_MS = 600000

local function lines(bucket)
  return P .. ':iq:' .. bucket, P .. ':il:' .. bucket
end

local function wake(bucket)
  redis.call('PUBLISH', P .. ':iw', bucket)
end

-- Drops tickets whose lease ran out; true if the head was among them.
local function prune(q, l)
  local head = redis.call('ZRANGE', q, 0, 0)[1]
  local expired = redis.call('ZRANGEBYSCORE', l, '-inf', now)
  local moved = false
  for _, ticket in ipairs(expired) do
    redis.call('ZREM', q, ticket)
    if ticket == head then
      moved = true
    end
  end
  if #expired > 0 then
    redis.call('ZREMRANGEBYSCORE', l, '-inf', now)
  end
  return moved
end

-- The budget, refilled when its reset has passed: remaining (nil if unknown), reset_at.
local function budget()
  local fields = redis.call('HMGET', budget_key, 'total', 'remaining', 'reset_at', 'window')
  local total, remaining = tonumber(fields[1]), tonumber(fields[2])
  local reset_at, window = tonumber(fields[3]), tonumber(fields[4])
  if total == nil or remaining == nil or reset_at == nil then
    return nil, now
  end
  if now >= reset_at then
    remaining = total
    if window ~= nil and window > 0 then
      reset_at = reset_at + (math.floor((now - reset_at) / window) + 1) * window
    else
      reset_at = now
    end
    redis.call('HSET', budget_key, 'remaining', remaining, 'reset_at', reset_at)
  end
  return remaining, reset_at
end

if op == 'acquire' then
  local bucket, ticket, score = ARGV[3], ARGV[4], ARGV[5]
  local window, lease, max_wait = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
  local q, l = lines(bucket)
  if prune(q, l) then
    wake(bucket)
  end
  redis.call('ZADD', q, 'NX', score, ticket)
  redis.call('ZADD', l, now + lease, ticket)
  redis.call('PEXPIRE', q, IDLE_MS)
  redis.call('PEXPIRE', l, IDLE_MS)
  local remaining, reset_at = budget()
  local known = remaining
  if known == nil then
    known = -1
  end
  local reset_in = math.max(0, reset_at - now)
  local function waiting(status, wait)
    return {status, math.max(1, math.min(math.ceil(wait), max_wait)), known, reset_in}
  end
  if remaining ~= nil and remaining <= 0 then
    return waiting(3, reset_in)
  end
  local rank = redis.call('ZRANK', q, ticket)
  local turn = math.max(0, redis.call('PTTL', P .. ':it:' .. bucket))
  if rank > 0 then
    -- The head goes when the turn ends, each waiter behind it one window later.
    return waiting(0, turn + rank * window)
  end
  if turn > 0 then
    return waiting(2, turn)
  end
  redis.call('SET', P .. ':it:' .. bucket, ticket, 'PX', window)
  redis.call('ZREM', q, ticket)
  redis.call('ZREM', l, ticket)
  if remaining ~= nil then
    remaining = remaining - 1
    redis.call('HSET', budget_key, 'remaining', remaining)
    known = remaining
  end
  return {1, 0, known, reset_in}
end

if op == 'leave' then
  local bucket, ticket = ARGV[3], ARGV[4]
  local q, l = lines(bucket)
  local rank = redis.call('ZRANK', q, ticket)
  redis.call('ZREM', l, ticket)
  if rank == false then
    return 0
  end
  redis.call('ZREM', q, ticket)
  if rank == 0 then
    wake(bucket)
  end
  return 1
end

if op == 'limit' then
  local total, given, reset_after = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
  local window = tonumber(ARGV[6])
  local given_reset = now + reset_after
  local remaining, reset_at = budget()
  -- Discord's answer replaces a budget of an earlier day; within the same day the lower count
  -- wins (another process may have identified since Discord answered this one).
  if remaining == nil or given_reset > reset_at + 60000 then
    remaining, reset_at = given, given_reset
  else
    remaining = math.min(remaining, given)
  end
  redis.call('HSET', budget_key, 'total', total, 'remaining', remaining, 'reset_at', reset_at,
    'window', window)
  return {remaining, math.max(0, reset_at - now)}
end

return redis.error_reply('unknown identify operation ' .. tostring(op))
