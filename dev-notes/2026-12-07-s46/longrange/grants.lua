-- wrk script: creates pending grants of ENT, one a request, and appends each new grant's id to OUT (seeding only).
local token, ent, out = os.getenv("TOKEN"), os.getenv("ENT"), os.getenv("OUT")
local tag, n, file = os.getenv("TAG"), 0, nil
request = function()
  n = n + 1
  return wrk.format("POST", "/entitlements/" .. ent .. "/grants",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"},
    '{"customer":{"email":"c' .. n .. '@example.com"},"payment_id":"pay_' .. tag .. '_' .. n .. '"}')
end
response = function(status, headers, body)
  if file == nil then file = io.open(out, "a") end
  local id = body:match('"id"%s*:%s*"([^"]+)"')
  if (status == 200 or status == 201) and id then file:write(id, "\n"); file:flush() end
end
