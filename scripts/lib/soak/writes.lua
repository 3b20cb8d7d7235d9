-- Writes through the sidecar: small _bulk batches into products (enriched with item embeddings) and single _doc puts.
dofile(os.getenv("SOAK_LUA_DIR") .. "/common.lua")
kind = "writes"
local n = 0

function request()
  n = n + 1
  local id = string.format("soak-%d-%d", math.random(1000000), n)
  if n % 2 == 0 then
    local body = string.format('{"index":{"_index":"products","_id":"%s-a"}}\n{"title":"soak item %d","brand":"SoakBrand","category":["Soak","Items"],"price":%d}\n' ..
                               '{"index":{"_index":"products","_id":"%s-b"}}\n{"title":"soak gadget %d","brand":"SoakBrand","category":["Soak"],"price":%d}\n',
                               id, n, n % 300, id, n, (n * 7) % 300)
    return wrk.format("POST", "/_bulk", {["Content-Type"] = "application/x-ndjson"}, body)
  end
  return wrk.format("PUT", "/soak-writes/_doc/" .. id, {["Content-Type"] = "application/json"}, string.format('{"n":%d,"note":"soak"}', n))
end
