-- Pass-through reads: cluster health, counts, document GETs, searches on a non-reranked target.
dofile(os.getenv("SOAK_LUA_DIR") .. "/common.lua")
kind = "passthrough"
local paths = {"/_cluster/health", "/products/_count", "/", "/products/_mapping", "/_search?size=1", "/products/_doc/does-not-exist"}

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
