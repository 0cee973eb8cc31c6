-- Asks for leave to send one request (after running the batch of completions and departures
-- that starts at ARGV[13]).
--
-- ARGV: prefix, ticket (also the permit id), route (`METHOD template`), major (`` for none),
-- global (`1` counts against the global limit, `0` exempt), phase (`b`: bucket then global;
-- `g`: the bucket is held, global only), global limit (`` for none), global period ms, queue
-- lease ms, in-flight lease ms, invalid-request warning threshold, longest wait ms, batch...
--
-- Returns {status, wait_ms, bucket, reservation, generation, counted, limit, reset_in_ms,
-- remaining, warning, epoch}: status 1 granted, 0 wait for the bucket, 2 bucket held but wait for the
-- global limit; reset_in_ms is -1 when the bucket knows no reset.

local ticket, route, major = ARGV[2], ARGV[3], ARGV[4]
local counts_global, phase = ARGV[5] == '1', ARGV[6]
local global_limit = num(ARGV[7], nil)
local period_ms, lease_ms, flight_ms = num(ARGV[8], 1000), num(ARGV[9], 5000), num(ARGV[10], 30000)
local threshold, max_wait = num(ARGV[11], 8000), num(ARGV[12], 1000)

local warning = run_batch(13, period_ms, threshold)

local function clamp_wait(wait)
  return math.max(1, math.min(math.ceil(wait), max_wait))
end

-- The global limit for a request that holds its bucket: true if it may go now, else the wait.
local function try_global()
  if not counts_global then
    return true, 0, 0
  end
  local q, l = queue_keys(nil)
  queue_prune(q, l)
  local pos = queue_position(q, ticket)
  local paused = global_paused_until()
  local held = 0
  local free = WAKE_MAX
  if global_limit then
    held = global_held()
    free = global_limit - held
  end
  if paused then
    free = 0
  end
  if pos < free then
    queue_leave(q, l, ticket)
    if global_limit then
      redis.call('ZADD', P .. ':g', now + flight_ms, ticket)
      redis.call('PEXPIRE', P .. ':g', IDLE_MS)
      return true, 0, 1
    end
    return true, 0, 0
  end
  queue_join(q, l, ticket, lease_ms)
  local wait = nil
  if paused then
    wait = paused - now
  elseif global_limit then
    -- Enough slots must come free for everyone ahead and this request; a slot still in flight
    -- frees at its response, which wakes the sleepers.
    local index = pos - math.max(free, 0)
    local expiring = redis.call('ZRANGE', P .. ':g', index, index, 'WITHSCORES')
    if expiring[2] and tonumber(expiring[2]) <= now + period_ms then
      wait = tonumber(expiring[2]) - now
    end
  end
  if not wait then
    sleep_on_response(P .. ':gw', ticket)
    wait = max_wait
  end
  return false, clamp_wait(wait), 0
end

local id = bucket_id(route, major)
local b = bucket_load(id)
local function reply(status, wait, kind, counted)
  local reset_in = -1
  if b.reset then
    reset_in = math.max(0, b.reset - now)
  end
  publish_wakes()
  return { status, wait, id, kind, b.gen, counted, b.limit, reset_in, b.rem, warning, epoch }
end

if phase == 'g' then
  local go, wait, counted = try_global()
  if go then
    return reply(1, 0, '', counted)
  end
  return reply(2, wait, '', 0)
end

local q, l = queue_keys(id)
queue_prune(q, l)
local pos = queue_position(q, ticket)
local kind = nil
if pos < bucket_free(b) then
  kind = bucket_reserve(b, ticket, flight_ms)
end
if kind then
  queue_leave(q, l, ticket)
  bucket_save(b)
  local go, wait, counted = try_global()
  if go then
    return reply(1, 0, kind, counted)
  end
  return reply(2, wait, kind, 0)
end

queue_join(q, l, ticket, lease_ms)
bucket_save(b)
local wait = max_wait
local ends = bucket_expected_until(b)
if b.mode == 'l' and not ends then
  -- Slots are free but this waiter's place is past them: the current window's end.
  ends = b.reset or (b.refill and b.len and b.refill + b.len)
end
if ends and ends > now then
  -- Waiters ahead take the slots free now, then `limit` per window. (Before the first response
  -- of a window says when it ends, the last window's length says when it likely does; a waiter
  -- that asks too early is told again.)
  local ahead = math.max(0, pos - bucket_free(b))
  wait = ends - now + math.floor(ahead / math.max(b.limit, 1)) * (b.len or 0)
else
  sleep_on_response(P .. ':w:' .. id, ticket)
end
return reply(0, clamp_wait(wait), '', 0)
