-- wrk script: PUT /api/keys/{provider} for many users, each request a durable write.
-- Arguments (after --): tokens file, wrk thread count, run id, optionally how many of the
-- providers each user has (4 for the heavy users, 1 for the light ones).
-- Every body holds a value never saved before (run id and the request's slot), because saving a
-- value that is already stored is a no-op that never reaches PostgreSQL.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "shared.lua")

local providers = { "bench-1", "bench-2", "bench-3", "bench-4" }
local tokens = {}
local padding = string.rep("x", 64)
local run_id = "0"

function init(args)
  tokens = read_tokens(args)
  run_id = args[3]
  providers = { (table.unpack or unpack)(providers, 1, tonumber(args[4] or #providers)) }
end

function request()
  local slot = next_slot()
  local token = tokens[slot % #tokens + 1]
  local provider = providers[math.floor(slot / #tokens) % #providers + 1]
  local body = string.format('{"value":"sk-bench-%s-%d-%d-%s"}', run_id, thread_index, slot, padding)
  return wrk.format("PUT", "/api/keys/" .. provider,
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
