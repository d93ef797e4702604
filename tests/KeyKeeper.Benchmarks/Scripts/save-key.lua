-- wrk script: PUT /api/keys/{provider} for many users, each request a durable write.
-- Arguments (after --): tokens file, wrk thread count, run id.
-- Every body holds a value never saved before (run id, thread, counter), because saving a
-- value that is already stored is a no-op that never reaches PostgreSQL.

local providers = { "bench-1", "bench-2", "bench-3", "bench-4" }
local tokens = {}
local counter = 0
local next_thread = 0
local padding = string.rep("x", 64)

-- Globals, so that setup() can give each thread its own value.
thread_index = 0
thread_count = 1
run_id = "0"

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  thread_count = tonumber(args[2])
  run_id = args[3]
end

function request()
  -- Threads take interleaved slots over the users, so requests in flight name different users
  -- (different grains), as independent users would.
  local slot = counter * thread_count + thread_index
  counter = counter + 1
  local token = tokens[slot % #tokens + 1]
  local provider = providers[math.floor(slot / #tokens) % #providers + 1]
  local body = string.format('{"value":"sk-bench-%s-%d-%d-%s"}', run_id, thread_index, counter, padding)
  return wrk.format("PUT", "/api/keys/" .. provider,
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%d duration_us=%d errors_status=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
