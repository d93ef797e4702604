-- wrk script: GET /api/keys (or the path given) for many users, rotating over their tokens.
-- Arguments (after --): tokens file, wrk thread count, run id, optionally the path (e.g. an app
-- token's /api/keys/bench-1/value).

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "shared.lua")

local requests = {}

function init(args)
  requests = format_per_token(read_tokens(args), "GET", args[4] or "/api/keys", {})
end

function request()
  return requests[next_slot() % #requests + 1]
end
