#!/usr/bin/env python3
"""How long `grantor serve` takes to answer the two sign-in forms, by kind of address, over a real socket.

  signin-timing.py JAR sqlite|pg OUT [ROUNDS]

Seeds a fresh database by SQL (the schema `grantor migrate` makes): 20 businesses, ROUNDS+WARM operators of the first
business only ("op1-N"), as many of all 20 ("op20-N"), and as many customers of the first ("cust-N"). Every request uses
an address of its own, so the per-address hourly limits never answer first, and a client address of its own
(X-Forwarded-For, trusted from 127.0.0.1), so the per-client minute limits do not either. Kinds take turns, the order
rotating each round; WARM rounds of each are thrown away first. PostgreSQL: a throwaway cluster on port 55433.
"""
import http.client, os, random, re, shutil, statistics, subprocess, sys, time, urllib.parse

JAR, DB, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
ROUNDS = int(sys.argv[4]) if len(sys.argv) > 4 else 200
WARM = 30
PORT = 18480 + (1 if DB == "pg" else 0)
JAVA = os.path.join(subprocess.check_output(["/tmp/probe/repo/bin/find-jdk"], text=True).strip(), "bin", "java")
WORK = f"/tmp/probe/run-{DB}"
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
os.chmod(WORK, 0o777)

def ident(prefix, n):
    return prefix + f"{n:021d}"

if DB == "pg":
    pgdata = "/tmp/probe/pgdata"
    if not os.path.exists(pgdata):
        os.makedirs(pgdata); shutil.chown(pgdata, "postgres", "postgres")
        subprocess.check_call(["su", "postgres", "-c", f"/usr/lib/postgresql/15/bin/initdb -A trust -D {pgdata}"])
    subprocess.call(["su", "postgres", "-c", f"/usr/lib/postgresql/15/bin/pg_ctl -D {pgdata} -o '-p 55433 -k /tmp' -l {pgdata}/log -w start"],
                    stdout=subprocess.DEVNULL)
    subprocess.check_call(["psql", "-q", "-h", "/tmp", "-p", "55433", "-U", "postgres", "-c", "drop database if exists probe",
                           "-c", "create database probe"])
    dbargs = ["--db-url", "jdbc:postgresql://localhost:55433/probe", "--db-user", "postgres"]
    run_sql = lambda sql: subprocess.run(["psql", "-q", "-h", "/tmp", "-p", "55433", "-U", "postgres", "-d", "probe",
                                          "-v", "ON_ERROR_STOP=1"], input=sql, text=True, check=True)
else:
    dbargs = []
    run_sql = lambda sql: subprocess.run(["sqlite3", f"{WORK}/grantor.db"], input=sql, text=True, check=True)

base = [JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", JAR]
subprocess.check_call(base + ["migrate", "--data-dir", WORK] + dbargs, stderr=subprocess.DEVNULL)

now = time.time_ns()
businesses = [ident("bus_", n) for n in range(20)]
rows = ["BEGIN;"]
for n, b in enumerate(businesses):
    rows.append(f"INSERT INTO businesses VALUES ('{b}', 'Shop {n}', '{ident('brd_', n)}', {now});")
serial = 0
for i in range(ROUNDS + WARM):
    for kind, owners in (("op1", businesses[:1]), ("op20", businesses)):
        for b in owners:
            serial += 1
            email = f"{kind}-{i}@probe.example"
            rows.append(f"INSERT INTO operators (id, business_id, email, created_at, email_key) VALUES "
                        f"('{ident('op_', serial)}', '{b}', '{email}', {now}, '{email}');")
    email = f"cust-{i}@probe.example"
    rows.append(f"INSERT INTO customers (id, business_id, email, email_key, name, created_at, updated_at) VALUES "
                f"('{ident('cus_', i)}', '{businesses[0]}', '{email}', '{email}', 'Customer {i}', {now}, {now});")
rows.append("COMMIT;")
run_sql("\n".join(rows))

server = subprocess.Popen(base + ["serve", "--data-dir", WORK, "--port", str(PORT), "--trusted-proxies", "127.0.0.1",
                                  "--rate-limit", "100000"] + dbargs,
                          stdout=open(f"{WORK}/serve.log", "w"), stderr=subprocess.STDOUT)
try:
    for _ in range(120):
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2); c.request("GET", "/console/sign-in"); c.getresponse().read(); break
        except OSError:
            time.sleep(0.5)
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    clients = iter(f"10.{a}.{b}.{c}" for a in range(1, 200) for b in range(256) for c in range(1, 255))

    def form(path, page):
        conn.request("GET", page)
        r = conn.getresponse(); body = r.read().decode()
        cookies = "; ".join(c.split(";")[0] for c in r.headers.get_all("Set-Cookie") or [])
        return cookies, re.search(r'name="_csrf" value="([^"]+)"', body).group(1)

    def timed(path, page, email):
        cookies, csrf = form(path, page)
        body = urllib.parse.urlencode({"_csrf": csrf, "email": email})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies, "X-Forwarded-For": next(clients)}
        started = time.perf_counter_ns()
        conn.request("POST", path, body, headers)
        r = conn.getresponse(); r.read()
        took = time.perf_counter_ns() - started
        assert r.status == 200, (path, email, r.status)
        return took

    console = lambda email: timed("/console/login", "/console/sign-in", email)
    portal = lambda email: timed(f"/portal/{businesses[0]}/code", f"/portal/{businesses[0]}", email)
    cases = {
        "console": {"operator of 1": lambda i: console(f"op1-{i}@probe.example"),
                    "operator of 20": lambda i: console(f"op20-{i}@probe.example"),
                    "unknown": lambda i: console(f"nobody-{i}@probe.example")},
        "portal": {"customer": lambda i: portal(f"cust-{i}@probe.example"),
                   "stranger": lambda i: portal(f"stranger-{i}@probe.example")},
    }
    with open(OUT, "a") as out:
        for form_name, kinds in cases.items():
            names = list(kinds)
            times = {k: [] for k in names}
            for i in range(ROUNDS + WARM):
                order = names[i % len(names):] + names[:i % len(names)]
                for k in order:
                    took = kinds[k](i)
                    if i >= WARM:
                        times[k].append(took)
            load = os.getloadavg()[0]
            for k in names:
                t = sorted(times[k])
                line = (f"{DB}\t{form_name}\t{k}\tn={len(t)}\tmedian_ms={statistics.median(t)/1e6:.2f}"
                        f"\tp90_ms={t[int(len(t)*0.9)]/1e6:.2f}\tp25_ms={t[len(t)//4]/1e6:.2f}\tload={load:.1f}\tjar={os.path.basename(JAR)}")
                print(line); out.write(line + "\n")
finally:
    server.terminate(); server.wait(30)
    if DB == "pg":
        subprocess.call(["su", "postgres", "-c", "/usr/lib/postgresql/15/bin/pg_ctl -D /tmp/probe/pgdata -m fast stop"],
                        stdout=subprocess.DEVNULL)
