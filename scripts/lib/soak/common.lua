-- Shared by the soak load scripts: status counting per wrk thread, summed in done().
-- wrk copies only plain values between threads, so each status code is its own global counter.
codes = {"200", "201", "202", "400", "401", "403", "404", "405", "406", "409", "413", "415", "429",
         "500", "501", "502", "503", "504", "other"}
threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function count_status(status)
  local key = "c_" .. tostring(status)
  if _G[key] == nil then
    local known = false
    for _, c in ipairs(codes) do if c == tostring(status) then known = true end end
    if not known then key = "c_other" end
  end
  _G[key] = (_G[key] or 0) + 1
end

function response(status, headers, body)
  count_status(status)
end

function done(summary, latency, requests)
  local parts = {}
  for _, c in ipairs(codes) do
    local n = 0
    for _, t in ipairs(threads) do n = n + (t:get("c_" .. c) or 0) end
    if n > 0 then table.insert(parts, c .. "=" .. n) end
  end
  local e = summary.errors
  io.write(string.format("SOAK kind=%s requests=%d statuses=%s socket_errors=connect:%d,read:%d,write:%d,timeout:%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    kind, summary.requests, table.concat(parts, ","), e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

-- Queries from the ESCI queries.csv (path in env SOAK_QUERIES), one per line after the header.
function load_queries()
  local list = {}
  local path = os.getenv("SOAK_QUERIES")
  local f = path and io.open(path, "r")
  if f then
    local first = true
    for line in f:lines() do
      if not first then
        local q = line:match("^[^,]*,(.*)$")
        if q and #q > 0 then
          q = q:gsub("%c", ""):gsub('^"', ""):gsub('"$', ""):gsub('\\', " "):gsub('"', " ")
          table.insert(list, q)
        end
      end
      first = false
    end
    f:close()
  end
  if #list == 0 then list = {"wireless headphones", "usb c cable", "kitchen towels", "running shoes"} end
  return list
end
