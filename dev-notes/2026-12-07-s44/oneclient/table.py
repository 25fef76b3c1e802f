"""Groups the stage clock's transitions (stages.tsv) into a request's stages: p10 and p50 per stage (the sum of
its transitions' medians), share of the summed medians, and the part outside the server (wrk p50 minus the server's).
Usage: table.py STAGES_TSV WRK_P50_MS"""
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
wrk = float(sys.argv[2]) * 1000
t = {r[5]: (int(r[0]), float(r[1]), float(r[2]), float(r[4])) for r in rows}
n = max(c for c, *_ in t.values() if True)
groups = [
  ("Jetty: request line parsed -> Javalin's route handler", lambda k: k.startswith(("jetty:", "servlet filter", "javalin before"))),
  ("authentication (API key, cached after the first; rate limit)", lambda k: k.startswith("route handler ->") or k.startswith("tx: after-commit actions run -> pipeline: authenticated")),
  ("body read, command parsed", lambda k: k.startswith(("pipeline: authenticated ->", "pipeline: body read ->"))),
  ("to the transaction (SQLite: the writer's lock; PG: a pooled connection)", lambda k: k.startswith(("route: command parsed ->", "writer: lock wanted", "tx: open wanted", "tx: handle opened ->"))),
  ("BEGIN (SQLite: BEGIN IMMEDIATE; PG: sent with the first statement)", lambda k: " -> " in k and "BEGIN" in k.split(" -> ")[1] or k.startswith(("writer: lock held ->",)) or (k.startswith("sql< BEGIN ->") and "tx: begun" in k)),
  ("the grant's parties read (PG: 1 joined statement; SQLite: 3) with row mapping", lambda k: (k.startswith(("sql< BEGIN IMMEDIATE ->", "tx: begun ->")) or (k.startswith(("sql> SELECT", "sql< SELECT")))) and "token_hash" not in k and "savepoint" not in k.lower()),
  ("validation and the domain's decision", lambda k: k.startswith(("use case: parties read ->", "use case: command validated ->"))),
  ("outbox rows rendered (Jackson: email, two events)", lambda k: k.startswith("use case: domain decided ->")),
  ("the writes (PG: 1 statement; SQLite: key, grant, outbox) with binding", lambda k: k.startswith(("use case: outbox rows rendered ->", "sql> INSERT", "sql< INSERT", "sql> UPDATE", "sql< UPDATE", "sql> WITH", "sql< WITH"))),
  ("COMMIT (its disk sync)", lambda k: k.startswith(("use case: recorded ->", "sql> COMMIT ->", "tx: commit wanted ->"))),
  ("after the commit: lock and connection let go, after-commit actions (relay nudged)", lambda k: k.startswith(("sql< COMMIT ->", "writer: unlocked ->", "writer: batch ended ->", "tx: committed ->", "tx: connection returned ->", "tx: after-commit actions run -> route"))),
  ("answer rendered (JSON)", lambda k: k.startswith(("route: use case returned ->", "route: answer rendered ->"))),
  ("answer written to the socket", lambda k: k.startswith("pipeline: operation answered ->")),
  ("access log and metrics (request logger)", lambda k: k.startswith("pipeline: answer written ->")),
]
used = set(); out = []
for name, f in groups:
    keys = [k for k, v in t.items() if f(k) and k not in used and not k.startswith(("TOTAL", "bg ")) and v[0] >= 0.9 * fulfills] if False else None
    out.append((name, f))
fulfills = t[[k for k in t if k.startswith("route: command parsed ->")][0]][0]
res = []
for name, f in out:
    keys = [k for k, v in t.items() if f(k) and k not in used and not k.startswith(("TOTAL", "bg ")) and v[0] >= 0.9 * fulfills]
    used.update(keys)
    res.append((name, sum(t[k][1] for k in keys), sum(t[k][2] for k in keys), keys))
total = [v for k, v in t.items() if k.startswith("TOTAL")][0]
inside = sum(r[2] for r in res)
res.append(("outside the server's span (wrk p50 minus the server's p50: loopback, wake-ups, wrk)", 0, wrk - total[2], []))
whole = inside + wrk - total[2]
print("| stage | p10 µs | median µs | share |")
print("|---|---|---|---|")
for name, p10, p50, keys in res:
    print(f"| {name} | {p10:.0f} | {p50:.0f} | {100*p50/whole:.0f}% |")
print(f"| **sum of medians** | | **{whole:.0f}** | |")
print(f"\nserver span p50 {total[2]:.0f} µs (p10 {total[1]:.0f}, mean {total[3]:.0f}); wrk p50 {wrk:.0f} µs; fulfills {fulfills}")
left = [k for k, v in t.items() if k not in used and not k.startswith(("TOTAL",)) and v[0] >= 0.9 * fulfills]
if left: print("unassigned:", left)
for k, v in t.items():
    if k.startswith("bg "): print(f"{k}: {v[0]} times, p50 {v[2]:.0f} µs, mean {v[3]:.0f} µs")
