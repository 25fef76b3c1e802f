# Floods POST /console/login (or the portal's code form) from many client addresses through the trusted proxy
# (127.0.0.1): each request names a fresh X-Forwarded-For address (with --v6, a fresh /64 of 2001:db8:1::/48, one
# site); counts the answers. Usage: flood.py console|portal N CONCURRENCY [OFFSET] [--v6]
import gcon as g, sys, threading, time, collections, random, re
SITE6 = "--v6" in sys.argv; sys.argv = [a for a in sys.argv if a != "--v6"]
realm = sys.argv[1]; n = int(sys.argv[2]); conc = int(sys.argv[3]); off = int(sys.argv[4]) if len(sys.argv) > 4 else 0
E = g.ENV
page = "/console/sign-in" if realm == "console" else "/portal/%s" % E['A']
action = "/console/login" if realm == "console" else "/portal/%s/code" % E['A']
s, h, b = g.req("GET", page)
cookie = h.get("Set-Cookie", "").split(";")[0]; tok = g.csrf_of(b)
counts = collections.Counter(); lat = []; lock = threading.Lock(); it = iter(range(n))
def worker():
    import http.client, urllib.parse
    c = http.client.HTTPConnection(g.HOST, g.PORT, timeout=60)
    while True:
        with lock:
            i = next(it, None)
        if i is None: return
        i += off
        ip = ("2001:db8:1:%x::1" % (i & 0xffff)) if SITE6 else "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)
        body = urllib.parse.urlencode({"_csrf": tok, "email": "u%d@flood.example" % i})
        t = time.perf_counter()
        try:
            c.request("POST", action, body, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip})
            r = c.getresponse(); data = r.read(); st = r.status
            if st == 429: st = "429 retry-after " + str(r.getheader("Retry-After"))
        except Exception as e:
            st = type(e).__name__; c = http.client.HTTPConnection(g.HOST, g.PORT, timeout=60)
        with lock:
            counts[st] += 1; lat.append(time.perf_counter() - t)
t0 = time.time()
ts = [threading.Thread(target=worker) for _ in range(conc)]
[t.start() for t in ts]; [t.join() for t in ts]
el = time.time() - t0; lat.sort()
print(realm, "requests", n, "in %.1fs = %.0f/s" % (el, n / el), dict(counts), "p50 %.1fms p99 %.1fms" % (lat[len(lat)//2]*1000, lat[int(len(lat)*.99)]*1000))
