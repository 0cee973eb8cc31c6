-- Shared by acquire.lua and flush.lua (prepended to each): the state of buckets, queues and the
-- global limit, and the batch of completions and departures a process sends with its calls.
--
-- Every key of one bot starts with ARGV[1], the prefix `{accord:<hash>}`; its braces make it a
-- cluster hash tag, so every key of a bot sits in one slot. Times are milliseconds of the Redis
-- clock (TIME), the one clock every process shares.

local P = ARGV[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
-- Bumped when the processes come back from an outage: what buckets knew from before (when other
-- processes were sending on their own) no longer counts, and each bucket probes again.
local epoch = redis.call('GET', P .. ':epoch') or ''

-- Buckets and queues nobody used for this long are forgotten.
local IDLE_MS = 600000
-- Two X-RateLimit-Reset values closer than this (seconds) name the same window.
local WINDOW_EPSILON = 0.0005
-- How many waiters one wake-up names at most.
local WAKE_MAX = 1000
-- Invalid requests are counted over this window (Discord's ten minutes).
local INVALID_WINDOW_MS = 600000
-- Further warnings come every this many invalid requests past the threshold.
local WARNING_STEP = 500

local function bucket_id(route, major)
  local hash = redis.call('HGET', P .. ':routes', route)
  if hash then
    return 'h:' .. hash .. ':' .. major
  end
  return 'r:' .. route .. ':' .. major
end

local function num(value, default)
  local parsed = tonumber(value)
  if parsed == nil then
    return default
  end
  return parsed
end

-- A queue: `q` orders tickets by arrival, `l` holds each ticket's lease (a waiter that stops
-- renewing it, a process that died, is dropped when the lease runs out).
local function queue_keys(id)
  if id == nil then
    return P .. ':gq', P .. ':gl'
  end
  return P .. ':q:' .. id, P .. ':l:' .. id
end

local function queue_prune(q, l)
  local expired = redis.call('ZRANGEBYSCORE', l, '-inf', now)
  for _, ticket in ipairs(expired) do
    redis.call('ZREM', q, ticket)
  end
  if #expired > 0 then
    redis.call('ZREMRANGEBYSCORE', l, '-inf', now)
  end
end

-- The place of `ticket` (0 is the front); a ticket not queued would come last.
local function queue_position(q, ticket)
  local rank = redis.call('ZRANK', q, ticket)
  if rank then
    return rank, true
  end
  return redis.call('ZCARD', q), false
end

local function queue_join(q, l, ticket, lease_ms)
  if not redis.call('ZSCORE', q, ticket) then
    redis.call('ZADD', q, redis.call('INCR', P .. ':seq'), ticket)
  end
  redis.call('ZADD', l, now + lease_ms, ticket)
  redis.call('PEXPIRE', q, IDLE_MS)
  redis.call('PEXPIRE', l, IDLE_MS)
end

local function queue_leave(q, l, ticket)
  redis.call('ZREM', q, ticket)
  redis.call('ZREM', l, ticket)
end

-- Tells the first `count` waiters of a queue (if any) that their turn has come.
local wakes = {}
local function wake(q, l, count)
  if count <= 0 then
    return
  end
  queue_prune(q, l)
  local tickets = redis.call('ZRANGE', q, 0, math.min(count, WAKE_MAX) - 1)
  for _, ticket in ipairs(tickets) do
    table.insert(wakes, ticket)
  end
end

-- Waiters that only a response can move (a probe in flight, a window whose end no response
-- has told yet) sleep in a set: the next completion of their bucket wakes them all, to be told
-- how long to wait now.
local function sleep_on_response(set, ticket)
  redis.call('SADD', set, ticket)
  redis.call('PEXPIRE', set, IDLE_MS)
end

local function wake_sleepers(set)
  local tickets = redis.call('SMEMBERS', set)
  for _, ticket in ipairs(tickets) do
    table.insert(wakes, ticket)
  end
  if #tickets > 0 then
    redis.call('DEL', set)
  end
end

local function publish_wakes()
  local seen, unique = {}, {}
  for _, ticket in ipairs(wakes) do
    if not seen[ticket] then
      seen[ticket] = true
      table.insert(unique, ticket)
    end
  end
  if #unique > 0 then
    redis.call('PUBLISH', P .. ':wake', table.concat(unique, ' '))
  end
end

-- A bucket: its fields (mode `u` unknown, `n` no limit, `l` limited) and the requests in
-- flight, a sorted set of permit ids scored by when they are given up for lost.
local function bucket_load(id)
  local key = P .. ':b:' .. id
  local f = redis.call('HMGET', key, 'mode', 'limit', 'rem', 'reset', 'win', 'len', 'gen',
    'heard', 'probes', 'refill', 'epoch')
  local flight = P .. ':f:' .. id
  redis.call('ZREMRANGEBYSCORE', flight, '-inf', now)
  if (f[11] or '') ~= epoch then
    f = { nil, nil, nil, nil, nil, nil, f[7], nil, nil, nil }
  end
  return {
    key = key,
    flight = flight,
    mode = f[1] or 'u',
    limit = num(f[2], 1),
    rem = num(f[3], 0),
    reset = num(f[4], nil),
    win = num(f[5], nil),
    len = num(f[6], nil),
    gen = num(f[7], 0),
    heard = num(f[8], -1),
    probes = num(f[9], 0),
    refill = num(f[10], nil),
    inflight = redis.call('ZCARD', flight),
  }
end

local function bucket_save(b)
  local fields = { 'mode', b.mode, 'limit', b.limit, 'rem', b.rem, 'gen', b.gen, 'heard',
    b.heard, 'probes', b.probes, 'epoch', epoch }
  redis.call('HSET', b.key, unpack(fields))
  for _, field in ipairs({ 'reset', 'win', 'len', 'refill' }) do
    if b[field] then
      redis.call('HSET', b.key, field, tostring(b[field]))
    else
      redis.call('HDEL', b.key, field)
    end
  end
  redis.call('PEXPIRE', b.key, IDLE_MS)
  redis.call('PEXPIRE', b.flight, IDLE_MS)
end

-- Takes a slot if one is free now: the reservation (`p` probe, `f` free, `s` slot) or nil.
local function bucket_reserve(b, permit, flight_ms)
  local kind
  if b.mode == 'u' then
    if b.probes > 0 then
      return nil
    end
    b.probes = b.probes + 1
    kind = 'p'
  elseif b.mode == 'n' then
    kind = 'f'
  else
    if b.reset and b.reset <= now then
      -- Requests still in flight may reach Discord in the new window.
      b.rem = math.max(0, b.limit - b.inflight)
      b.reset = nil
      b.refill = now
      b.gen = b.gen + 1
    end
    if b.rem <= 0 then
      return nil
    end
    b.rem = b.rem - 1
    kind = 's'
  end
  b.inflight = b.inflight + 1
  redis.call('ZADD', b.flight, now + flight_ms, permit)
  return kind
end

-- Slots a waiter could take now (a large number when the bucket has no limit).
local function bucket_free(b)
  if b.mode == 'u' then
    if b.probes > 0 then return 0 end
    return 1
  elseif b.mode == 'n' then
    return WAKE_MAX
  end
  if b.reset and b.reset <= now then
    return math.max(0, b.limit - b.inflight)
  end
  return b.rem
end

-- When a blocked queue moves by the passing of time alone, nil when it waits for a response.
local function bucket_blocked_until(b)
  if b.mode == 'l' and b.rem <= 0 then
    return b.reset
  end
  return nil
end

-- When a blocked bucket is likely to move: its reset, or, between a refill and the first
-- response of the new window, the refill plus the last window's length.
local function bucket_expected_until(b)
  local known = bucket_blocked_until(b)
  if known then
    return known
  end
  if b.mode == 'l' and b.rem <= 0 and b.refill and b.len then
    return b.refill + b.len
  end
  return nil
end

-- `order` is how the response's window compares with the bucket's (`same`, `newer`, or
-- `unknown` without a reset header). Every response's `now + reset_after` is a bound the window
-- ends before (give or take the rounding of both, which RESET_MARGIN_MS covers): of one window
-- the earliest is the closest, while without reset headers windows cannot be told apart and
-- only the latest is safe.
local RESET_MARGIN_MS = 1
local function bucket_learn(b, limit, remaining, reset, reset_after, first_word, order)
  local available = math.max(0, remaining - b.inflight)
  local ends = now + reset_after + RESET_MARGIN_MS
  b.heard = b.gen
  if b.mode ~= 'l' or first_word then
    b.rem = available
    b.reset = ends
    b.len = reset_after
  else
    b.rem = math.min(b.rem, available)
    if order == 'same' and b.reset then
      b.reset = math.min(b.reset, ends)
    else
      b.reset = math.max(b.reset or 0, ends)
    end
  end
  b.mode = 'l'
  b.limit = math.max(limit, 1)
  if reset then
    b.win = reset
  end
end

-- The invalid request counter, shared by every process: returns the count when it calls for
-- a warning, else 0.
local function record_invalid(permit, threshold)
  local key = P .. ':inv'
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - INVALID_WINDOW_MS)
  redis.call('ZADD', key, now, permit)
  redis.call('PEXPIRE', key, INVALID_WINDOW_MS)
  local count = redis.call('ZCARD', key)
  local warn_key = P .. ':invwarn'
  local next_warning = num(redis.call('GET', warn_key), threshold)
  if count < threshold then
    next_warning = threshold
  end
  local warning = 0
  if count >= next_warning then
    warning = count
    next_warning = count + WARNING_STEP
  end
  redis.call('SET', warn_key, next_warning, 'PX', INVALID_WINDOW_MS)
  return warning
end

-- The global limit: a sorted set of permit ids scored by when their slot is free again (a
-- request in flight holds it until its response and `period` after), and a pause after a
-- global 429.
local function global_held()
  local key = P .. ':g'
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  return redis.call('ZCARD', key)
end

local function global_paused_until()
  local until_ms = num(redis.call('GET', P .. ':gp'), nil)
  if until_ms and until_ms > now then
    return until_ms
  end
  return nil
end

-- One completion from the batch: `c permit route major kind gen counted outcome status
-- limit remaining reset reset_after_ms retry_ms global scope hash epoch`. Returns the
-- invalid-request warning it calls for (0 for none) and the next argument to read.
local function complete(i, period_ms, threshold)
  local permit, route, major, kind = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  local gen, counted, outcome, status = num(ARGV[i + 5], 0), ARGV[i + 6], ARGV[i + 7], num(ARGV[i + 8], 0)
  local limit, remaining, reset = num(ARGV[i + 9], nil), num(ARGV[i + 10], nil), num(ARGV[i + 11], nil)
  local reset_after, retry_ms, global = num(ARGV[i + 12], nil), num(ARGV[i + 13], nil), ARGV[i + 14] == '1'
  local scope, hash, granted_epoch = ARGV[i + 15], ARGV[i + 16], ARGV[i + 17]
  local next_arg = i + 18
  -- A permit of an earlier epoch hands back its slots and tells of 429s, but its headers
  -- describe a window the bucket no longer counts from.
  local current = granted_epoch == epoch
  local warning = 0
  local responded = outcome == 'r'

  if counted == '1' then
    if outcome == 'ns' then
      redis.call('ZREM', P .. ':g', permit)
    else
      redis.call('ZADD', P .. ':g', now + period_ms, permit)
    end
  end
  if responded then
    if status == 401 or status == 403 or (status == 429 and scope ~= 'shared') then
      warning = record_invalid(permit, threshold)
    end
    if status == 429 and global then
      local pause = now + (retry_ms or 1000)
      local current = num(redis.call('GET', P .. ':gp'), 0)
      redis.call('SET', P .. ':gp', math.max(pause, current), 'PX', math.max(pause, current) - now + 1)
    end
  end

  -- The bucket the permit was granted in, before a hash this response teaches moves it.
  local id = bucket_id(route, major)
  if current and responded and hash ~= '' and redis.call('HGET', P .. ':routes', route) ~= hash then
    redis.call('HSET', P .. ':routes', route, hash)
    redis.call('PEXPIRE', P .. ':routes', 86400000)
    local target = 'h:' .. hash .. ':' .. major
    if redis.call('EXISTS', P .. ':b:' .. target) == 0 then
      -- The route's bucket becomes the hash's: state, requests in flight and waiters move.
      for _, part in ipairs({ ':b:', ':f:', ':q:', ':l:', ':w:' }) do
        if redis.call('EXISTS', P .. part .. id) == 1 then
          redis.call('RENAME', P .. part .. id, P .. part .. target)
        end
      end
    else
      -- Another route already uses the hash: its requests in flight join it; the route's
      -- waiters come back to it as they claim again.
      local old_flight = P .. ':f:' .. id
      if redis.call('EXISTS', old_flight) == 1 then
        redis.call('ZUNIONSTORE', P .. ':f:' .. target, 2, P .. ':f:' .. target, old_flight, 'AGGREGATE', 'MAX')
        redis.call('DEL', old_flight)
      end
      local old_q, old_l = queue_keys(id)
      wake(old_q, old_l, WAKE_MAX)
      wake_sleepers(P .. ':w:' .. id)
    end
    id = target
  end

  local b = bucket_load(id)
  redis.call('ZREM', b.flight, permit)
  b.inflight = math.max(0, b.inflight - 1)
  if kind == 'p' and current then
    b.probes = math.max(0, b.probes - 1)
  end
  if outcome == 'ns' then
    if kind == 's' and b.mode == 'l' and gen == b.gen then
      b.rem = math.min(b.rem + 1, b.limit)
    end
  elseif responded then
    local has_limits = current and limit ~= nil and remaining ~= nil and reset_after ~= nil
    if has_limits then
      local order
      if reset and b.win then
        if reset < b.win - WINDOW_EPSILON then
          order = 'older'
        elseif reset > b.win + WINDOW_EPSILON then
          order = 'newer'
        else
          order = 'same'
        end
      elseif reset then
        order = 'newer'
      else
        order = 'unknown'
      end
      local before_refill = kind == 's' and gen < b.gen
      local stale = order == 'older' or (before_refill and order ~= 'newer')
      if not stale then
        local first_word = order == 'newer' and not before_refill and b.heard < b.gen
        bucket_learn(b, limit, remaining, reset, reset_after, first_word, order)
      end
    elseif current and status < 500 and status ~= 429 and b.mode == 'u' then
      b.mode = 'n'
    end
    if status == 429 and not global then
      local reset_at = now + (retry_ms or reset_after or 1000)
      if b.mode ~= 'l' then
        b.mode = 'l'
        b.limit = math.max(limit or 1, 1)
      end
      b.rem = 0
      b.reset = math.max(b.reset or 0, reset_at)
    end
  end
  -- A bucket that knows its limit never waits without knowing until when.
  if b.mode == 'l' and b.rem <= 0 and not bucket_blocked_until(b) and b.inflight == 0 then
    b.reset = now + 1000
  end
  bucket_save(b)
  local q, l = queue_keys(id)
  wake(q, l, bucket_free(b))
  wake_sleepers(P .. ':w:' .. id)
  if counted == '1' then
    local gq, gl = queue_keys(nil)
    wake(gq, gl, 1)
    wake_sleepers(P .. ':gw')
  end
  return warning, next_arg
end

-- Runs the batch that starts at ARGV[first]: completions (`c`, 17 fields), departures of
-- waiters that stopped waiting (`x ticket route major`, route `` for the global queue), global
-- slots taken while Redis was away (`g permit free_in_ms`), and a new epoch (`e epoch`, a value never used before). Returns the highest
-- invalid-request warning (0 for none).
local function run_batch(first, period_ms, threshold)
  local i = first
  local warning = 0
  while ARGV[i] do
    local op = ARGV[i]
    if op == 'c' then
      local w
      w, i = complete(i, period_ms, threshold)
      warning = math.max(warning, w)
    elseif op == 'x' then
      local ticket, route, major = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
      local q, l
      if route == '' then
        q, l = queue_keys(nil)
      else
        q, l = queue_keys(bucket_id(route, major))
      end
      local was_first = redis.call('ZRANK', q, ticket) == 0
      queue_leave(q, l, ticket)
      if was_first then
        wake(q, l, 1)
      end
      i = i + 4
    elseif op == 'e' then
      epoch = ARGV[i + 1]
      redis.call('SET', P .. ':epoch', epoch)
      i = i + 2
    elseif op == 'g' then
      redis.call('ZADD', P .. ':g', now + num(ARGV[i + 2], 0), ARGV[i + 1])
      i = i + 3
    else
      error('unknown batch operation ' .. tostring(op))
    end
  end
  return warning
end
