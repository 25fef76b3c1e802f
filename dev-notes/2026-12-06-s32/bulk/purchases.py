"""A reseller's account: one customer with N license-key grants (issued over the API), signed in to the portal with a
merchant-minted link; then "My purchases" timed, a fresh connection a request as curl makes it, median of 5, and the
rows it rendered. Prints one JSON line. Usage: purchases.py URL KEY N"""
import http.client, json, re, statistics, sys, time, urllib.parse, os

url, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
u = urllib.parse.urlparse(url)


def request(method, path, body=None, headers=None):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    c.request(method, path, body, headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r, data


api = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
_, b = request("POST", "/entitlements", json.dumps({"name": "reseller", "integration_type": "license_key",
                                                    "integration_config": {"fulfillment_mode": "auto"}}), api)
ent = json.loads(b)["id"]
c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
tag = os.urandom(4).hex()
customer = None
for i in range(n):
    c.request("POST", "/entitlements/%s/grants" % ent, json.dumps({"customer": {"email": "reseller@example.com"},
                                                                   "payment_id": "pay_%s_%d" % (tag, i)}), api)
    r = c.getresponse()
    g = json.loads(r.read())
    assert r.status in (200, 201), g
    customer = customer or g["customer_id"]
_, b = request("POST", "/customers/%s/customer-portal/session" % customer, json.dumps({"send_email": False}), api)
link = urllib.parse.urlparse(json.loads(b)["link"]).path
r, page = request("GET", link)
cookies = "; ".join(h.split(";")[0] for k, h in r.getheaders() if k.lower() == "set-cookie")
csrf = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
r, _ = request("POST", link, urllib.parse.urlencode({"_csrf": csrf}),
               {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies,
                "Origin": "%s://%s" % (u.scheme, u.netloc)})
session = "; ".join(h.split(";")[0] for k, h in r.getheaders() if k.lower() == "set-cookie")
jar = "; ".join(x for x in (cookies, session) if x)


def timed(path):
    times, body = [], b""
    for _ in range(5):
        t = time.perf_counter()
        r, body = request("GET", path, None, {"Cookie": jar})
        times.append(time.perf_counter() - t)
        assert r.status == 200, (r.status, body[:300])
    return round(1000 * statistics.median(times), 1), body.count(b'class="grant-row"'), body


first_ms, first_rows, body = timed("/portal/")
older = re.search(rb'href="(/portal/\?before=[^"]+)"', body)
result = {"grants": n, "first_page_ms": first_ms, "first_page_rows": first_rows, "first_page_bytes": len(body)}
if older:
    result["second_page_ms"], result["second_page_rows"], _ = timed(older.group(1).decode().replace("&amp;", "&"))
print(json.dumps(result))
