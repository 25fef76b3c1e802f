-- validate.lua: the bench validate.lua, printing the first three non-200 answers (status and body).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"license_key":"' .. os.getenv("LICENSE_KEY") .. '"}'
local seen = 0
response = function(status, headers, body) if status ~= 200 and seen < 3 then seen = seen + 1; print(status .. " " .. body) end end
done = function(summary, latency, requests)
  io.write(string.format("WRK\trequests=%d\trps=%.1f\tp50_ms=%.2f\tp99_ms=%.2f\tnon2xx=%d\terrors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
