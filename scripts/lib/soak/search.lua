-- Reranked searches with random ESCI queries: pages inside the window, some with a user id, some explained.
dofile(os.getenv("SOAK_LUA_DIR") .. "/common.lua")
kind = "search"
local queries

function init(args)
  queries = load_queries()
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local q = queries[math.random(#queries)]
  local from = ({0, 0, 0, 10, 20})[math.random(5)]
  local size = ({5, 10, 10, 20})[math.random(4)]
  local body = string.format('{"from":%d,"size":%d,"query":{"multi_match":{"query":"%s","fields":["title^2","brand","category"]}}}', from, size, q)
  local headers = {["Content-Type"] = "application/json"}
  local r = math.random(10)
  if r <= 3 then headers["X-User-Id"] = "soak-user-" .. math.random(50) end
  if r == 10 then headers["X-Rerank-Explain"] = "true" end
  return wrk.format("POST", "/products/_search", headers, body)
end
