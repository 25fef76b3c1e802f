-- fulfill.lua (../../../../shared/bench) with an expiry on each key: each request fulfills the next pending grant with
-- a fresh key that expires in 2036, so the key has an entry in the index of the keys that can expire.
local ids, i = {}, 0
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
local token = os.getenv("TOKEN")
local bad = 0
request = function()
  i = i + 1
  local id = ids[((i - 1) % #ids) + 1]
  return wrk.format("POST", "/grants/" .. id .. "/license-key",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"},
    '{"key":"WRK-' .. id .. '","expires_at":"2036-01-01T00:00:00Z"}')
end
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1; if bad < 4 then print("status " .. status .. " " .. body) end end
end
done = function(summary, latency, requests)
  io.write(string.format("WRK\trequests=%d\trps=%.1f\tp50_ms=%.2f\tp99_ms=%.2f\tnon2xx=%d\terrors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
