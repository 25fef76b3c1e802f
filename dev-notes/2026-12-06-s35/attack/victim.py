# One portal code request a second from a site of its own (198.51.100.0/24), fresh address and email each time,
# while a flood runs: prints the statuses it got.
import gcon as g, sys, time, collections
E = g.ENV
s, h, b = g.req("GET", "/portal/%s" % E['A']); ck = h["Set-Cookie"].split(";")[0]; tok = g.csrf_of(b)
seen = collections.Counter()
for i in range(int(sys.argv[1])):
    s, h, b = g.req("POST", "/portal/%s/code" % E['A'], {"_csrf": tok, "email": "victim%d@v.example" % i},
                    {"Cookie": ck, "X-Forwarded-For": "198.51.100.%d" % (i % 250 + 1)})
    seen[s] += 1; time.sleep(1)
print("victim from another site:", dict(seen))
