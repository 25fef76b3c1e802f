-- POST /licenses/validate: one key ($LICENSE_KEY), or with KEYS=many each request one of the keys in $KEYS_FILE in turn
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local keys, i = {}, 0
if os.getenv("KEYS") == "many" then for line in io.lines(os.getenv("KEYS_FILE")) do keys[#keys + 1] = line end end
if #keys == 0 then keys[1] = os.getenv("LICENSE_KEY") end
request = function()
  i = i + 1
  return wrk.format(nil, nil, nil, '{"license_key":"' .. keys[((i - 1) % #keys) + 1] .. '"}')
end
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1; if bad < 4 then print("status " .. status .. " " .. body) end end
end
done = function(summary, latency, requests)
  io.write(string.format("WRK\trequests=%d\trps=%.1f\tp50_ms=%.2f\tp99_ms=%.2f\tnon2xx=%d\terrors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
