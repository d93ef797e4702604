-- wrk script: GET /api/keys for many users, rotating over their bearer tokens.
-- Arguments (after --): tokens file, wrk thread count.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "shared.lua")

local requests = {}

function init(args)
  requests = format_per_token(read_tokens(args), "GET", "/api/keys", {})
end

function request()
  return requests[next_slot() % #requests + 1]
end
