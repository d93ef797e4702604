-- Loaded by the benchmark's wrk scripts (dofile): threads take interleaved slots over the users, so
-- requests in flight name different users (different grains), as independent users would, and
-- done() prints the RESULT line the benchmark reads.

-- Globals, so that setup() can give each thread its own value.
thread_index = 0
thread_count = 1

local next_thread = 0
local counter = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

-- The tokens in the file named by the script's first argument; the second is wrk's thread count.
function read_tokens(args)
  thread_count = tonumber(args[2])
  local tokens = {}
  for line in io.lines(args[1]) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  return tokens
end

-- This thread's next slot; the slots of all threads together count 0, 1, 2, ... without repeats.
function next_slot()
  local slot = counter * thread_count + thread_index
  counter = counter + 1
  return slot
end

-- One request per token, formatted once, up front, so that wrk spends its CPU on sending, not on Lua.
-- A nil path is the URL's.
function format_per_token(tokens, method, path, headers, body)
  local requests = {}
  for i, token in ipairs(tokens) do
    local with_token = { ["Authorization"] = "Bearer " .. token }
    for name, value in pairs(headers) do with_token[name] = value end
    requests[i] = wrk.format(method, path, with_token, body)
  end
  return requests
end

function done(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%d duration_us=%d errors_status=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
