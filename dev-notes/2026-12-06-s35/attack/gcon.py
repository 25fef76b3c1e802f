import http.client, re, subprocess, os, json, urllib.parse
HOST, PORT = "127.0.0.1", 18735
JAVA = subprocess.check_output(["/tmp/attack/repo/bin/find-jdk"], text=True).strip() + "/bin/java"
JAR = "/tmp/attack/repo/bootstrap/target/grantor.jar"
ENV = dict(l.strip().split("=", 1) for l in open("/tmp/attack/env.sh") if "=" in l)

def req(method, path, body=None, headers=None):
    c = http.client.HTTPConnection(HOST, PORT, timeout=30)
    h = dict(headers or {})
    if isinstance(body, dict):
        body = urllib.parse.urlencode(body); h.setdefault("Content-Type", "application/x-www-form-urlencoded")
    c.request(method, path, body=body, headers=h)
    r = c.getresponse(); data = r.read().decode("utf-8", "replace")
    return r.status, dict(r.getheaders()), data

def api(method, path, key, body=None, headers=None):
    h = {"Authorization": "Bearer " + key}
    h.update(headers or {})
    if body is not None and not isinstance(body, str):
        body = json.dumps(body); h["Content-Type"] = "application/json"
    return req(method, path, body, h)

def csrf_of(html):
    m = re.search(r'name="_csrf" value="([^"]+)"', html)
    return m.group(1) if m else None

class Console:
    def __init__(self, business, email=None):
        args = [JAVA, "-jar", JAR, "console", "login-link", "--business", business, "--data-dir", "/tmp/attack/data", "--port", str(PORT)]
        if email: args += ["--email", email]
        link = subprocess.check_output(args, text=True, stderr=subprocess.DEVNULL).strip()
        path = urllib.parse.urlparse(link).path
        s, h, html = req("GET", path)
        self.cookie = None
        self.pre = h.get("Set-Cookie", "").split(";")[0]
        tok = csrf_of(html)
        s, h, _ = req("POST", path, {"_csrf": tok} if tok else {}, {"Cookie": self.pre} if self.pre else {})
        self.cookie = h.get("Set-Cookie", "").split(";")[0]
        assert s in (302, 303), (s, _)
    def get(self, path):
        return req("GET", path, None, {"Cookie": self.cookie})
    def token(self, path="/console/"):
        return csrf_of(self.get(path)[2])
    def post(self, path, form, csrf=True, page="/console/"):
        form = dict(form)
        if csrf: form.setdefault("_csrf", self.token(page))
        return req("POST", path, form, {"Cookie": self.cookie})

def req_all(method, path, body=None, headers=None):
    c = http.client.HTTPConnection(HOST, PORT, timeout=30)
    h = dict(headers or {})
    if isinstance(body, dict):
        body = urllib.parse.urlencode(body); h.setdefault("Content-Type", "application/x-www-form-urlencoded")
    c.request(method, path, body=body, headers=h)
    r = c.getresponse(); data = r.read().decode("utf-8", "replace")
    return r.status, r.getheaders(), data

def portal_session(customer, key):
    s, h, b = api('POST', '/customers/%s/customer-portal/session' % customer, key)
    path = urllib.parse.urlparse(json.loads(b)['link']).path
    s, hs, b = req_all('GET', path)
    ck = [v.split(';')[0] for k, v in hs if k.lower() == 'set-cookie']
    s, hs, b = req_all('POST', path, {'_csrf': csrf_of(b)}, {'Cookie': '; '.join(ck)})
    return '; '.join(v.split(';')[0] for k, v in hs if k.lower() == 'set-cookie' and v.split(';')[0].split('=')[1])
