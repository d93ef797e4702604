-- wrk script: GET /api/keys for many users, rotating over their bearer tokens.
-- Arguments (after --): tokens file, wrk thread count. The requests are formatted once, up front,
-- so that wrk spends its CPU on sending, not on Lua.

local requests = {}
local counter = 0
local next_thread = 0

-- Globals, so that setup() can give each thread its own value.
thread_index = 0
thread_count = 1

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("GET", "/api/keys", { ["Authorization"] = "Bearer " .. line })
    end
  end
  thread_count = tonumber(args[2])
end

function request()
  local slot = counter * thread_count + thread_index
  counter = counter + 1
  return requests[slot % #requests + 1]
end

function done(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%d duration_us=%d errors_status=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
