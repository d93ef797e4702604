-- wrk script: POST a small chat completion request for many users, rotating over their app tokens.
-- Arguments (after --): tokens file, wrk thread count, run id (unused), and "stream" to ask for a
-- streamed answer. The path is the URL's, so the same requests go to the stand-in upstream, through
-- bare YARP and through the gateway.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "shared.lua")

local requests = {}

function init(args)
  local stream = args[4] == "stream" and ',"stream":true' or ""
  local body = '{"model":"bench-model","messages":[{"role":"user","content":"Say hello."}]' .. stream .. '}'
  requests = format_per_token(read_tokens(args), "POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function request()
  return requests[next_slot() % #requests + 1]
end
