"""Session 38's audit of web.md against a running service (setup.sh's), over real sockets and in Chromium.
Usage: python3 probe.py DIR/env. Prints one line per check: PASS/FAIL clause: what."""
import glob, hashlib, base64, http.client, json, os, re, sqlite3, sys, time, urllib.parse, email
from email import policy

env = dict(line.split('=', 1) for line in open(sys.argv[1]).read().split('\n') if '=' in line)
PORT = int(env['PORT'])
HOSTILE = '"><img src=x onerror=alert(1)>\'<script>alert(2)</script>'
RAW = ['<img src=x', '<script>alert']
results = []

def check(clause, ok, what):
    results.append((clause, ok, what))
    print(('PASS ' if ok else 'FAIL ') + clause + ': ' + what, flush=True)

class Client:
    def __init__(self):
        self.cookies = {}
        self.set_cookies = []
    def req(self, method, path, form=None, body=None, headers=None):
        c = http.client.HTTPConnection('127.0.0.1', PORT, timeout=15)
        h = {'Host': '127.0.0.1:%d' % PORT}
        if self.cookies:
            h['Cookie'] = '; '.join('%s=%s' % kv for kv in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            h['Content-Type'] = 'application/x-www-form-urlencoded'
        h.update(headers or {})
        c.request(method, path, body, h)
        r = c.getresponse()
        data = r.read().decode('utf-8', 'replace')
        self.set_cookies = [v for k, v in r.getheaders() if k.lower() == 'set-cookie']
        for v in self.set_cookies:
            name, val = v.split(';')[0].split('=', 1)
            if val and 'Max-Age=0' not in v:
                self.cookies[name] = val
            else:
                self.cookies.pop(name, None)
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    def get(self, path): return self.req('GET', path)
    def post(self, path, form): return self.req('POST', path, form=form)

def api(method, path, body=None, key=env['KA']):
    c = http.client.HTTPConnection('127.0.0.1', PORT, timeout=15)
    c.request(method, path, None if body is None else json.dumps(body),
              {'Authorization': 'Bearer ' + key, 'Content-Type': 'application/json'})
    r = c.getresponse()
    text = r.read().decode()
    return r.status, (json.loads(text) if text.strip().startswith(('{', '[')) else text)

def csrf(html):
    m = re.search(r'name="_csrf" value="([^"]+)"', html)
    return m.group(1) if m else ''

def path_of(url):
    return urllib.parse.urlparse(url).path

def sign_in_console(link):
    c = Client()
    s, h, page = c.get(path_of(link))
    s, h, _ = c.post(path_of(link), {'_csrf': csrf(page)})
    return c, s, h

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

def page_rules(clause, where, status, h, html):
    check(clause + ' CSP', h.get('content-security-policy') == CSP, where + ' CSP ' + str(h.get('content-security-policy'))[:40])
    for name, want in [('x-content-type-options', 'nosniff'), ('referrer-policy', 'no-referrer'),
                       ('x-frame-options', 'DENY'), ('cache-control', 'no-store')]:
        if h.get(name) != want:
            check(clause + ' headers', False, '%s %s=%s' % (where, name, h.get(name)))
    inline = [m for m in re.findall(r'<script\b([^>]*)>(.*?)</script>', html, re.S) if m[1].strip() or 'src=' not in m[0]]
    check(clause + ' no inline script', not inline, where + ' ' + str(inline)[:80])
    styles = re.findall(r'<style\b|\sstyle\s*=', html, re.I)
    check(clause + ' no inline style', not styles, where + ' ' + str(styles))
    handlers = re.findall(r'<[^>]*\son[a-z]+\s*=', html, re.I)
    check(clause + ' no event attributes', not handlers, where + ' ' + str(handlers)[:80])
    raw = [r for r in RAW if r in html]
    check('escaping', not raw, where + ' raw ' + str(raw))
    title = re.search(r'<title>(.*?)</title>', html, re.S)
    check('escaping title', title is not None and '<' not in title.group(1), where + ' title ' + (title.group(1)[:80] if title else 'none'))
    for form in re.findall(r'<form\b[^>]*method="post"[^>]*>.*?</form>', html, re.S | re.I):
        action = re.search(r'action="([^"]*)"', form).group(1)
        check('CSRF field', 'name="_csrf"' in form, where + ' form ' + action)

# ---- data --------------------------------------------------------------------------------------------------
s, manual = api('POST', '/entitlements', {'name': 'Manual ' + HOSTILE[:60], 'integration_type': 'license_key',
        'integration_config': {'fulfillment_mode': 'manual', 'activations_limit': 2}})
s2, auto = api('POST', '/entitlements', {'name': 'Auto ' + HOSTILE[:60], 'integration_type': 'license_key',
        'integration_config': {'fulfillment_mode': 'auto', 'activations_limit': 2, 'customer_can_rotate': True}})
check('setup', s == 200 and s2 == 200, 'entitlements %s %s' % (s, s2))
grants = {}
for who, ent in [('ann', manual), ('ann', auto), ('bob', manual), ('bob', auto)]:
    s, g = api('POST', '/entitlements/%s/grants' % ent['id'], {'customer': {'email': who + '@example.com', 'name': who + ' ' + HOSTILE[:80]},
            'metadata': {'note': 'line\n' + HOSTILE[:40]}})
    grants.setdefault(who, []).append(g)
check('setup', all('id' in g for gs in grants.values() for g in gs), 'grants ' + str([g.get('id', g) for gs in grants.values() for g in gs])[:200])
s, gb = api('POST', '/entitlements', {'name': 'B thing', 'integration_type': 'license_key',
        'integration_config': {'fulfillment_mode': 'auto', 'activations_limit': 1}}, key=env['KB'])
s, grant_b = api('POST', '/entitlements/%s/grants' % gb['id'], {'customer': {'email': 'ann@example.com', 'name': 'Ann B'}}, key=env['KB'])
time.sleep(1.5)

# ---- console: sign-in link, session cookie, stored hashed ------------------------------------------------------------
owner, s, h = sign_in_console(env['OWNER'])
cookie = [v for v in owner.set_cookies if v.startswith('grantor_console=')]
check('session cookie', s == 303 and cookie and all(a in cookie[0] for a in ['HttpOnly', 'SameSite=Strict', 'Path=/console']),
      str(cookie))
value = owner.cookies.get('grantor_console', '')
check('session 256-bit', len(base64.urlsafe_b64decode(value + '=' * (-len(value) % 4))) == 32, 'cookie of %d chars' % len(value))
again = Client()
s, h, page = again.get(path_of(env['OWNER']))
s2, h2, _ = again.post(path_of(env['OWNER']), {'_csrf': csrf(page)})
check('link single use', 'grantor_console' not in again.cookies, 'second use: %s %s' % (s2, h2.get('location')))
blobs = b''.join(open(f, 'rb').read() for f in glob.glob(env['DIR'] + '/data/**', recursive=True) if os.path.isfile(f)
                 and not f.endswith('.eml'))
check('session stored hashed', value.encode() not in blobs, 'the cookie value is nowhere in the data directory')
db = [f for f in glob.glob(env['DIR'] + '/data/*') if f.endswith(('.db', '.sqlite'))]
if db:
    con = sqlite3.connect('file:%s?mode=ro' % db[0], uri=True)
    cols = [r[1] for r in con.execute('PRAGMA table_info(web_sessions)')]
    rows = con.execute('SELECT * FROM web_sessions').fetchall()
    digest = hashlib.sha256(value.encode()).hexdigest()
    check('session stored hashed', not any(value in str(r) for r in rows), 'web_sessions columns %s, %d rows' % (cols, len(rows)))

# ---- console pages ------------------------------------------------------------------------------------------
ann = grants['ann']
cid = ann[0]['customer_id']
pages = ['/console/', '/console/grants', '/console/grants?q=' + urllib.parse.quote(HOSTILE) + '&status=',
         '/console/grants/' + ann[0]['id'], '/console/grants/' + ann[1]['id'], '/console/customers',
         '/console/customers?q=' + urllib.parse.quote(HOSTILE), '/console/customers/' + cid, '/console/pools',
         '/console/webhooks', '/console/outbox', '/console/team', '/console/nowhere', '/console/grants/' + urllib.parse.quote(HOSTILE)]
actions = set()
for p in pages:
    s, h, html = owner.get(p)
    page_rules('console', p, s, h, html)
    actions.update(re.findall(r'<form\b[^>]*method="post"[^>]*action="([^"]*)"', html) + re.findall(r'<form\b[^>]*action="([^"]*)"[^>]*method="post"', html))
check('console pages', True, '%d pages, %d POST actions: %s' % (len(pages), len(actions), sorted(actions)))
for a in sorted(actions):
    s, h, html = owner.post(a, {'reason': 'other', 'key': 'X' * 20, 'email': 'x@example.com'})
    check('CSRF refused', s == 403, 'POST %s without a token: %s' % (a, s))
s, h, html = owner.get('/console/grants/' + ann[0]['id'])
status = re.search(r'<span class="count">([A-Za-z]+)</span>', html)
check('grant unchanged after forged POSTs', status is not None and status.group(1).lower() == 'pending', '%s is %s' % (ann[0]['id'], status.group(1) if status else html[:200]))

# tenancy
for p in ['/console/grants/' + grant_b['id'], '/console/customers/' + grant_b['customer_id']]:
    s, h, html = owner.get(p)
    check('tenancy', s == 404, p + ' -> %s' % s)

# viewer
viewer, s, h = sign_in_console(env['VIEWER'])
for p in pages[:12]:
    s, h, html = viewer.get(p)
    forms = [a for a in re.findall(r'<form\b[^>]*action="([^"]*)"[^>]*>', html) if 'method="get"' not in a]
    post_forms = re.findall(r'<form\b[^>]*method="post"[^>]*action="([^"]*)"', html)
    check('viewer reads only', all(f.endswith('/sign-out') for f in post_forms), p + ' ' + str(post_forms))
    if '/grants/' in p and 'grant_id' not in p:
        keys = [json.dumps(g.get('license_key')) for g in ann]
        whole = [k for k in re.findall(r'[A-Z0-9]{4,}(?:-[A-Z0-9]{4,}){2,}', html)]
        check('viewer no whole key', not whole, p + ' ' + str(whole))
s, h, html = viewer.get('/console/grants/' + ann[0]['id'])
s, h, html = viewer.post('/console/grants/%s/revoke' % ann[0]['id'], {'_csrf': csrf(html), 'reason': 'other'})
check('viewer refused', s == 403, 'viewer revoke with a good token: %s' % s)

# sign-in: no account probing
def ask(addr):
    c = Client()
    s, h, page = c.get('/console/sign-in')
    s, h, body = c.post('/console/login', {'_csrf': csrf(page), 'email': addr})
    return s, re.sub(r'name="_csrf" value="[^"]*"', '', body.replace(addr, 'ADDR')), sorted(k for k in h if k not in ('date', 'set-cookie', 'content-length'))
known, unknown = ask('op@acme.example'), ask('nobody@acme.example')
check('no account probing', known == unknown, 'operator vs unknown: status %s/%s, same body %s, same headers %s'
      % (known[0], unknown[0], known[1] == unknown[1], known[2] == unknown[2]))
time.sleep(1.5)
mails = glob.glob(env['DIR'] + '/data/**/*.eml', recursive=True)
signins = [m for m in mails if 'sign-in' in os.path.basename(m)]
check('sign-in mail', len(signins) == 1, '%d sign-in emails (one for the operator, none for the stranger)' % len(signins))

# sign out ends the session server-side
old = dict(owner.cookies)
s, h, html = owner.get('/console/')
s, h, _ = owner.post('/console/sign-out', {'_csrf': csrf(html)})
stale = Client(); stale.cookies = old
s2, h2, _ = stale.get('/console/')
check('sign out server-side', s == 303 and s2 in (302, 303) and 'sign-in' in h2.get('location', ''), 'old cookie after sign-out: %s %s' % (s2, h2.get('location')))

# ---- portal -----------------------------------------------------------------------------------------------------
s, link = api('POST', '/customers/%s/customer-portal/session?send_email=true&return_url=%s' % (cid, urllib.parse.quote('https://shop.example/back?a=1&b=2')))
check('portal link', s == 200 and 'link' in link, str(link)[:120])
portal = Client()
s, h, page = portal.get(path_of(link['link']))
page_rules('portal', 'link page', s, h, page)
s, h, _ = portal.post(path_of(link['link']), {'_csrf': csrf(page)})
pc = [v for v in portal.set_cookies if v.startswith('grantor_portal=')]
check('portal cookie', pc and all(a in pc[0] for a in ['HttpOnly', 'SameSite=Strict', 'Path=/portal']), str(pc))
s, h, html = portal.get('/portal/')
page_rules('portal', '/portal/', s, h, html)
check('portal own grants', all(g['id'] in html for g in ann) and not any(g['id'] in html for g in grants['bob']) and grant_b['id'] not in html,
      'purchases list ann\'s grants only')
for g in ann:
    s, h, html = portal.get('/portal/grants/' + g['id'])
    page_rules('portal', 'key page', s, h, html)
for other in [grants['bob'][1]['id'], grant_b['id']]:
    s, h, html = portal.get('/portal/grants/' + other)
    check('portal tenancy', s == 404, other + ' -> %s' % s)
    s, h, html = portal.post('/portal/grants/%s/reveal' % other, {'_csrf': csrf(html)})
    check('portal tenancy', s == 404, 'reveal ' + other + ' -> %s' % s)
s, bad = api('POST', '/customers/%s/customer-portal/session?return_url=%s' % (cid, urllib.parse.quote('javascript:alert(1)')))
check('portal return_url', s in (400, 422), 'javascript: return_url -> %s %s' % (s, str(bad)[:80]))

# portal code sign-in, no probing
def code_for(addr):
    c = Client()
    s, h, page = c.get('/portal/' + env['A'])
    s, h, body = c.post('/portal/%s/code' % env['A'], {'_csrf': csrf(page), 'email': addr})
    return c, s, re.sub(r'name="_csrf" value="[^"]*"', '', body.replace(addr, 'ADDR'))
kc, ks, kb = code_for('bob@example.com')
uc, us, ub = code_for('stranger@example.com')
check('portal no probing', (ks, kb) == (us, ub), 'customer vs stranger: %s/%s, same body %s' % (ks, us, kb == ub))

# five wrong codes burn the code: the right one is refused after them
time.sleep(2)
def latest_code():
    found = []
    for m in glob.glob(env['DIR'] + '/data/**/*.eml', recursive=True):
        msg = email.message_from_binary_file(open(m, 'rb'), policy=policy.default)
        got = re.search(r'sign-in code for .*: ([A-Z0-9]{6})', str(msg.get('Subject', '')))
        if got and 'bob@example.com' in str(msg.get('To', '')):
            found.append((os.path.getmtime(m), got.group(1)))
    return max(found)[1] if found else ''
code = latest_code()
check('portal code sent', len(code) == 6 and all(c in 'ABCDEFGHJKMNPQRSTUVWXYZ23456789' for c in code), 'code ' + code)
s, h, page = kc.get('/portal/' + env['A'])
for i in range(5):
    wrong = 'ZZZZZ2' if code != 'ZZZZZ2' else 'ZZZZZ3'
    s, h, answer = kc.post('/portal/%s/sign-in' % env['A'], {'_csrf': csrf(page), 'email': 'bob@example.com', 'code': wrong})
s, h, answer = kc.post('/portal/%s/sign-in' % env['A'], {'_csrf': csrf(page), 'email': 'bob@example.com', 'code': code})
check('portal code burnt', 'grantor_portal' not in kc.cookies, 'the right code after five wrong ones: %s %s' % (s, h.get('location')))

# ---- emails ---------------------------------------------------------------------------------------------------
time.sleep(2)
mails = glob.glob(env['DIR'] + '/data/**/*.eml', recursive=True)
for m in mails:
    msg = email.message_from_binary_file(open(m, 'rb'), policy=policy.default)
    for part in msg.walk():
        if part.get_content_type() == 'text/html':
            html = part.get_content()
            check('email escaping', not any(r in html for r in RAW), os.path.basename(m))
    for hname in ('Subject', 'From', 'To'):
        v = str(msg.get(hname, ''))
        check('email headers', '\n' not in v and '\r' not in v, '%s %s: %s' % (os.path.basename(m), hname, v[:60]))
print('emails:', len(mails))

# at most 5 link emails per address per hour (a minute later, past the per-client minute)
time.sleep(61)
for i in range(5):
    ask('op@acme.example')
time.sleep(2)
signins = [m for m in glob.glob(env['DIR'] + '/data/**/sign-in-*.eml', recursive=True)]
check('5 links per hour', len(signins) == 5, '%d sign-in emails after 6 requests for one operator' % len(signins))
print('%d checks, %d failed' % (len(results), sum(1 for r in results if not r[1])))
