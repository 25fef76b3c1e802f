"""How long another business's writes wait while a restock drains, over HTTP.
Business A: one manual license-key entitlement with a pool and WAITING Pending grants. Business B: a manual
entitlement with Pending grants (fulfilled by hand, POST /grants/{id}/license-key) and an auto one with a delivered
key (POST /licenses/activate). B's writer runs one request at a time, alternating the two, GAP seconds apart: first
OPS requests with no drain running ("idle"), then for as long as the import of KEYS keys into A's pool drains ("drain").
Prints one JSON line: each phase's p50/p99/max per kind, and the drain's time per grant.
Usage: wait.py URL KEY_A KEY_B WAITING KEYS [OPS] [GAP]"""
import http.client, json, sys, threading, time, urllib.parse, os

url, key_a, key_b, waiting, keys = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
ops = int(sys.argv[6]) if len(sys.argv) > 6 else 300
gap = float(sys.argv[7]) if len(sys.argv) > 7 else 0.01
u = urllib.parse.urlparse(url)


def client(key):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=3600)
    h = {"Content-Type": "application/json"}
    if key:
        h["Authorization"] = "Bearer " + key

    def call(method, path, body=None):
        c.request(method, path, None if body is None else json.dumps(body), h)
        r = c.getresponse()
        b = r.read()
        assert r.status in (200, 201), (method, path, r.status, b[:300])
        return json.loads(b) if b else None
    return call


tag = os.urandom(4).hex()
a, b, anyone = client(key_a), client(key_b), client(None)
ent = a("POST", "/entitlements", {"name": "restock", "integration_type": "license_key",
                                   "integration_config": {"fulfillment_mode": "manual"}})
a("POST", "/entitlements/%s/key-pool" % ent["id"], {"low_stock_threshold": 10})
for i in range(waiting):
    a("POST", "/entitlements/%s/grants" % ent["id"],
      {"customer": {"email": "w%d@example.com" % i}, "payment_id": "pay_%s_%d" % (tag, i)})

hand = b("POST", "/entitlements", {"name": "by-hand", "integration_type": "license_key",
                                   "integration_config": {"fulfillment_mode": "manual"}})
auto = b("POST", "/entitlements", {"name": "auto", "integration_type": "license_key",
                                   "integration_config": {"fulfillment_mode": "auto"}})
pending = [b("POST", "/entitlements/%s/grants" % hand["id"],
             {"customer": {"email": "h%d@example.com" % i}, "payment_id": "payh_%s_%d" % (tag, i)})["id"]
           for i in range(4 * ops)]
licence = b("POST", "/entitlements/%s/grants" % auto["id"],
            {"customer": {"email": "act@example.com"}, "payment_id": "paya_%s" % tag})["license_key"]["key"]

n = [0]


def one(kind_latencies):
    i = n[0]
    n[0] += 1
    t = time.perf_counter()
    if i % 2 == 0:
        b("POST", "/grants/%s/license-key" % pending.pop(), {"key": "HAND-%s-%06d" % (tag, i)})
        kind = "fulfil"
    else:
        anyone("POST", "/licenses/activate", {"license_key": licence, "name": "m%d" % i})
        kind = "activate"
    kind_latencies.setdefault(kind, []).append(time.perf_counter() - t)
    time.sleep(gap)


def summary(latencies):
    out = {}
    for kind, xs in sorted(latencies.items()):
        xs.sort()
        out[kind] = {"n": len(xs), "p50_ms": round(1000 * xs[len(xs) // 2], 2),
                     "p99_ms": round(1000 * xs[min(len(xs) - 1, int(len(xs) * 0.99))], 2), "max_ms": round(1000 * xs[-1], 2)}
    return out


idle = {}
for _ in range(ops):
    one(idle)

during, stop = {}, threading.Event()


def writer():
    while not stop.is_set() and pending:
        one(during)


body = {"keys": [{"key": "RESTOCK-%s-%06d" % (tag, i)} for i in range(keys)]}
other = threading.Thread(target=writer)
other.start()
t0 = time.perf_counter()
report = a("POST", "/entitlements/%s/key-pool/keys" % ent["id"], body)
elapsed = time.perf_counter() - t0
stop.set()
other.join()
print(json.dumps({"import_seconds": round(elapsed, 2), "fulfilled_grants": report["fulfilled_grants"],
                  "ms_per_drained_grant": round(1000 * elapsed / max(1, report["fulfilled_grants"]), 3),
                  "idle": summary(idle), "drain": summary(during)}))
