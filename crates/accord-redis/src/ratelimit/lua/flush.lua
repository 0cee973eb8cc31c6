-- Runs a batch of completions and departures on its own, when no acquire carried it soon
-- enough.
--
-- ARGV: prefix, global period ms, invalid-request warning threshold, batch...
-- Returns {warning}: the invalid-request count that calls for a warning, 0 for none.

local warning = run_batch(4, num(ARGV[2], 1000), num(ARGV[3], 8000))
publish_wakes()
return { warning }
