-- Bad requests: malformed JSON, wrong types, huge or negative from/size, invalid UTF-8, deep nesting,
-- unknown methods and sidecar endpoints, oversized bodies. None may get a 5xx.
dofile(os.getenv("SOAK_LUA_DIR") .. "/common.lua")
kind = "bad"
local json = {["Content-Type"] = "application/json"}
local deep = string.rep('{"bool":{"must":[', 300) .. string.rep("]}}", 300)
local cases = {
  function() return wrk.format("POST", "/products/_search", json, '{"query": {"match": ') end,
  function() return wrk.format("POST", "/products/_search", json, '{"size":"ten"}') end,
  function() return wrk.format("POST", "/products/_search", json, '{"from":-5,"size":99999999999}') end,
  function() return wrk.format("POST", "/products/_search?size=1e9", json, '{}') end,
  function() return wrk.format("POST", "/products/_search", json, '{"query":{"match":{"title":"\255\254 bad utf8"}}}') end,
  function() return wrk.format("POST", "/products/_search", json, '{"query":' .. deep .. '}') end,
  function() return wrk.format("POST", "/products/_search", json, '[1,2,3]') end,
  function() return wrk.format("BREW", "/products/_search") end,
  function() return wrk.format("DELETE", "/_rerank/health") end,
  function() return wrk.format("GET", "/_rerank/nope") end,
  function() return wrk.format("POST", "/_rerank/events", json, '{"events":[') end,
  function() return wrk.format("POST", "/_bulk", {["Content-Type"] = "application/x-ndjson"}, '{"index":{"_index":"products"}}\nnot json\n') end,
  function() return wrk.format("POST", "/products/_search", {["Content-Type"] = "application/json", ["Content-Encoding"] = "gzip"}, 'not gzip') end,
}

function request()
  return cases[math.random(#cases)]()
end
