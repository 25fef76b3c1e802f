import json, urllib.request, os, sys
env = dict(l.split('=',1) for l in open(os.environ.get('PROBE_ENV', '/tmp/specapi/env')).read().split() )
BASE=os.environ.get('PROBE_BASE', 'http://127.0.0.1:18431')
def call(method, path, body=None, key=env['K'], headers=None, raw=None):
    h = {}
    if key: h['Authorization'] = 'Bearer ' + key
    data = None
    if raw is not None:
        data = raw if isinstance(raw, bytes) else raw.encode()
        h['Content-Type'] = 'application/json'
    elif body is not None:
        data = json.dumps(body).encode(); h['Content-Type'] = 'application/json'
    if headers: h.update(headers)
    req = urllib.request.Request(BASE+path, data=data, method=method, headers=h)
    try:
        r = urllib.request.urlopen(req)
        status, hdrs, txt = r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        status, hdrs, txt = e.code, dict(e.headers), e.read().decode()
    try: j = json.loads(txt) if txt else None
    except Exception: j = txt
    return status, hdrs, j
def show(label, res, full=False):
    s,h,j = res
    print(f"--- {label}: {s} {'' if full else ''}", json.dumps(j)[:600] if not full else json.dumps(j, indent=1), {k:v for k,v in h.items() if k.lower() in ('x-should-retry','retry-after','content-length','content-type')})
