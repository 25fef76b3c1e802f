"""Moderate mixed load with many distinct inputs: load.py URL API_KEY BUSINESS_ID OPERATOR_EMAIL RECEIVER_PORT SECONDS RATE THREADS
Every request from a fresh made-up client address (X-Forwarded-For; serve with --trusted-proxies 127.0.0.1/32)."""
import http.client, json, os, random, re, sys, threading, time, urllib.parse, collections
url, key, bid, opmail, rport = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
seconds, rate, nthreads = float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
u = urllib.parse.urlparse(url)
tag = os.urandom(3).hex()
counter = collections.Counter(); lock = threading.Lock(); seq = [0]
def nxt():
    with lock:
        seq[0] += 1; return seq[0]
def addr():
    return "%d.%d.%d.%d" % (random.randint(11, 200), random.randint(0, 255), random.randint(0, 255), random.randint(1, 254))

class Client:
    def __init__(self): self.c = None
    def req(self, method, path, body=None, headers=None, auth=True, ctype="application/json", xff=True):
        h = dict(headers or {})
        if auth: h["Authorization"] = "Bearer " + key
        if xff: h["X-Forwarded-For"] = addr()
        if body is not None and not isinstance(body, (bytes, str)): body = json.dumps(body)
        if body is not None: h["Content-Type"] = ctype
        for attempt in range(2):
            try:
                if self.c is None: self.c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
                self.c.request(method, path, body, h); r = self.c.getresponse(); b = r.read()
                if r.getheader("Connection", "").lower() == "close": self.c.close(); self.c = None
                with lock: counter["%s %d" % (method if method in ("GET", "POST", "PATCH", "DELETE") else "X", r.status)] += 1
                return r.status, b, r
            except (http.client.HTTPException, OSError):
                if self.c: self.c.close()
                self.c = None
        with lock: counter["conn-error"] += 1
        return 0, b"", None

setup = Client()
def post(path, body):
    s, b, _ = setup.req("POST", path, body, xff=False); assert s in (200, 201), (path, s, b[:300]); return json.loads(b) if b else None
auto = post("/entitlements", {"name": "soak-auto", "integration_type": "license_key", "integration_config": {"fulfillment_mode": "auto", "activations_limit": 1000}})
manual = post("/entitlements", {"name": "soak-manual", "integration_type": "license_key", "integration_config": {"fulfillment_mode": "manual"}})
pooled = post("/entitlements", {"name": "soak-pool", "integration_type": "license_key", "integration_config": {"fulfillment_mode": "manual"}})
post("/entitlements/%s/key-pool" % pooled["id"], {"low_stock_threshold": 5})
for i in range(3):
    post("/webhooks", {"url": "http://127.0.0.1:%d/hook%d" % (rport, i), "description": "soak %d" % i})
keys = []          # (license key value, customer id)
pending = []       # grant ids waiting for a key
instances = []     # (key, instance id)
customers = []

def issue(c, ent, idem=False):
    n = nxt(); h = {"Idempotency-Key": "idem-%s-%d" % (tag, n)} if idem else {}
    s, b, _ = c.req("POST", "/entitlements/%s/grants" % ent, {"customer": {"email": "c%s-%d@example.com" % (tag, n)}, "payment_id": "pay_%s_%d" % (tag, n)}, h)
    if s in (200, 201):
        g = json.loads(b)
        with lock: customers.append(g.get("customer", {}).get("customer_id") or g.get("customer_id"))
        return g
    return None

def op_issue_auto(c):
    g = issue(c, auto["id"], idem=random.random() < 0.5)
    if g and g.get("license_key"):
        with lock: keys.append(g["license_key"]["key"])
def op_issue_manual(c):
    g = issue(c, manual["id"], idem=random.random() < 0.3)
    if g:
        with lock: pending.append(g["id"])
def op_fulfill(c):
    with lock: gid = pending.pop() if pending else None
    if gid is None: return op_issue_manual(c)
    h = {"Idempotency-Key": "ful-%s-%s" % (tag, gid)} if random.random() < 0.5 else {}
    c.req("POST", "/grants/%s/license-key" % gid, {"key": "K-%s-%d" % (tag, nxt())}, h)
def op_activate(c):
    with lock: k = random.choice(keys) if keys else None
    if k is None: return op_issue_auto(c)
    s, b, _ = c.req("POST", "/licenses/activate", {"license_key": k, "name": "host-%d" % nxt()}, auth=False)
    if s == 201:
        with lock: instances.append((k, json.loads(b)["id"]))
def op_validate(c):
    with lock: ki = random.choice(instances) if instances else None
    if ki is None: return op_activate(c)
    c.req("POST", "/licenses/validate", {"license_key": ki[0], "license_key_instance_id": ki[1]}, auth=False)
def op_deactivate(c):
    with lock: ki = instances.pop(random.randrange(len(instances))) if instances else None
    if ki is None: return op_activate(c)
    c.req("POST", "/licenses/deactivate", {"license_key": ki[0], "license_key_instance_id": ki[1]}, auth=False)
def op_bad_key(c):
    c.req("POST", "/licenses/validate", {"license_key": "nope-%d" % nxt()}, auth=False)
def op_pool(c):
    if random.random() < 0.3:
        body = "\n".join("P-%s-%d" % (tag, nxt()) for _ in range(20))
        c.req("POST", "/entitlements/%s/key-pool/keys" % pooled["id"], body, ctype="text/plain")
    else:
        issue(c, pooled["id"])
def op_portal_session(c):
    with lock: cid = random.choice(customers) if customers else None
    if cid: c.req("POST", "/customers/%s/customer-portal/session" % cid, {})
def form(c, page, action, fields):
    s, b, r = c.req("GET", page, auth=False)
    if r is None: return
    m = re.search(rb'name="_csrf" value="([^"]+)"', b); ck = r.getheader("Set-Cookie", "").split(";")[0]
    if not m or not ck: return
    fields = dict(fields, _csrf=m.group(1).decode())
    c.req("POST", action, urllib.parse.urlencode(fields), {"Cookie": ck}, auth=False, ctype="application/x-www-form-urlencoded")
def op_portal_code(c):
    email = random.choice(["c%s-%d@example.com" % (tag, random.randint(1, max(1, seq[0]))), "x%d@example.org" % nxt()])
    form(c, "/portal/%s" % bid, "/portal/%s/code" % bid, {"email": email})
def op_portal_sign_in(c):
    form(c, "/portal/%s" % bid, "/portal/%s/sign-in" % bid, {"email": "x%d@example.org" % nxt(), "code": "ABC123"})
def op_console(c):
    email = opmail if random.random() < 0.1 else "op%d@example.net" % nxt()
    form(c, "/console/sign-in", "/console/login", {"email": email})
def op_unknown(c):
    r = random.random()
    if r < 0.4: c.req("GET", "/no/such/%d" % nxt(), auth=False)
    elif r < 0.7: c.req(random.choice(["FOO%d" % random.randint(0, 9999), "PROPFIND", "BREW"]), "/grants", auth=False)
    else: c.req("GET", "/grants/%d" % nxt())
def op_bad_auth(c):
    c.req("GET", "/entitlements", headers={"Authorization": "Bearer gk_bad%d" % nxt()}, auth=False)
def op_read(c):
    c.req("GET", random.choice(["/grants?page_size=10", "/entitlements", "/license_keys?page_size=5", "/webhooks"]))

ops = [(op_issue_auto, 12), (op_issue_manual, 6), (op_fulfill, 8), (op_activate, 12), (op_validate, 20), (op_deactivate, 6),
       (op_bad_key, 6), (op_pool, 4), (op_portal_session, 2), (op_portal_code, 4), (op_portal_sign_in, 3), (op_console, 3),
       (op_unknown, 6), (op_bad_auth, 4), (op_read, 6)]
funcs = [f for f, w in ops for _ in range(w)]
end = time.time() + seconds
def worker():
    c = Client(); interval = nthreads / rate; t = time.time()
    while time.time() < end:
        try: random.choice(funcs)(c)
        except Exception as e:
            with lock: counter["exc " + type(e).__name__] += 1
        t += interval; d = t - time.time()
        if d > 0: time.sleep(d)
        else: t = time.time()
ts = [threading.Thread(target=worker) for _ in range(nthreads)]
for t in ts: t.start()
start = time.time()
while any(t.is_alive() for t in ts):
    time.sleep(60)
    with lock: print(time.strftime("%H:%M:%S"), "req", sum(counter.values()), "keys", len(keys), "inst", len(instances), "pending", len(pending), dict(counter), flush=True)
for t in ts: t.join()
print("done", sum(counter.values()), "in", round(time.time() - start), "s", flush=True)
