"""A restock at the spec's maximum, over HTTP: one manual license-key entitlement with a pool and WAITING Pending grants
(business A), then one import of KEYS keys. Meanwhile business B's requests run one after another (GET /entitlements):
their latencies say whether the import starves another merchant. Prints one JSON line.
With MANUAL > 0, the MANUAL oldest waiting grants are first fulfilled one by one with POST /grants/{id}/license-key
(one client, the same server and state), for a manual fulfillment's cost beside a drained grant's.
Usage: restock.py URL KEY_A KEY_B WAITING KEYS [MANUAL]"""
import http.client, json, sys, threading, time, urllib.parse, os

url, key_a, key_b, waiting, keys = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
manual = int(sys.argv[6]) if len(sys.argv) > 6 else 0
u = urllib.parse.urlparse(url)


def client(key):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=3600)
    h = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

    def call(method, path, body=None):
        c.request(method, path, None if body is None else json.dumps(body), h)
        r = c.getresponse()
        b = r.read()
        assert r.status in (200, 201), (method, path, r.status, b[:300])
        return json.loads(b) if b else None
    return call


a = client(key_a)
ent = a("POST", "/entitlements", {"name": "restock", "integration_type": "license_key",
                                   "integration_config": {"fulfillment_mode": "manual"}})
a("POST", "/entitlements/%s/key-pool" % ent["id"], {"low_stock_threshold": 10})
tag = os.urandom(4).hex()
for i in range(waiting):
    a("POST", "/entitlements/%s/grants" % ent["id"],
      {"customer": {"email": "w%d@example.com" % i}, "payment_id": "pay_%s_%d" % (tag, i)})

ids = []
if manual:
    page = 1
    while len(ids) < manual:
        items = a("GET", "/grants?entitlement_id=%s&status=Pending&page_size=100&page_number=%d" % (ent["id"], page))["items"]
        if not items:
            break
        ids += [g["id"] for g in items]
        page += 1
    ids = ids[:manual]
manual_seconds = None
if manual:
    t = time.perf_counter()
    for n, gid in enumerate(ids):
        a("POST", "/grants/%s/license-key" % gid, {"key": "MANUAL-%s-%06d" % (tag, n)})
    manual_seconds = time.perf_counter() - t

b = client(key_b)
b("GET", "/entitlements?page_size=10")
latencies, stop = [], threading.Event()


def other_merchant():
    while not stop.is_set():
        t = time.perf_counter()
        b("GET", "/entitlements?page_size=10")
        latencies.append(time.perf_counter() - t)
        time.sleep(0.05)


body = {"keys": [{"key": "RESTOCK-%s-%06d" % (tag, i)} for i in range(keys)]}
other = threading.Thread(target=other_merchant)
other.start()
t0 = time.perf_counter()
report = a("POST", "/entitlements/%s/key-pool/keys" % ent["id"], body)
elapsed = time.perf_counter() - t0
stop.set()
other.join()
latencies.sort()
pool = a("GET", "/entitlements/%s/key-pool" % ent["id"])
print(json.dumps({"import_seconds": round(elapsed, 2),
                  "ms_per_drained_grant": round(1000 * elapsed / report["fulfilled_grants"], 2) if report["fulfilled_grants"] else None,
                  "manual_fulfilled": len(ids), "ms_per_manual_fulfill": round(1000 * manual_seconds / len(ids), 2) if ids else None, "imported": report["imported"],
                  "fulfilled_grants": report["fulfilled_grants"], "pool_after": {k: pool[k] for k in
                  ("available", "assigned", "waiting_grants")},
                  "other_requests": len(latencies),
                  "other_median_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
                  "other_p99_ms": round(1000 * latencies[int(len(latencies) * 0.99)], 1) if latencies else None,
                  "other_max_ms": round(1000 * latencies[-1], 1) if latencies else None}))
