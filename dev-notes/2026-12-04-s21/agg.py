# agg.py FILE.json [N]: CPU-time samples by thread group; per group, innermost library of each sample and grantor methods on the stack
import json, sys, re, collections
d = json.load(open(sys.argv[1])); ev = d["recording"]["events"]; N = int(sys.argv[2]) if len(sys.argv) > 2 else 15
def group(name):
    if not name: return "?"
    if name.startswith("grantor-webhook"): return "webhook"
    if name.startswith("grantor-outbox"): return "relay"
    if "Jetty" in name or name.startswith("qtp"): return "jetty"
    if name == "" or name.startswith("ForkJoinPool") or name.startswith("virtual"): return "vthread"
    return re.sub(r"[-#]?\d+$", "", name)
LIBS = [("dev.grantor.adapter.persistence","persistence"),("dev.grantor.adapter.rest","rest"),("dev.grantor.adapter.mail","mail"),("dev.grantor.application","application"),("dev.grantor.domain","domain"),("dev.grantor","grantor other"),
        ("org.jdbi","jdbi"),("org.postgresql","pgjdbc"),("org.sqlite","sqlite"),("org.eclipse.jetty","jetty"),("io.javalin","javalin"),("com.fasterxml","jackson"),("io.vavr","vavr"),("ch.qos.logback","logback"),("org.slf4j","slf4j"),
        ("jakarta.mail","jakarta.mail"),("org.eclipse.angus","angus"),("com.zaxxer","hikari"),("org.hibernate.validator","validator"),("java.","jdk"),("javax.","jdk"),("sun.","jdk"),("jdk.","jdk")]
def lib(cls):
    for p, n in LIBS:
        if cls.startswith(p): return n
    return cls.rsplit(".",1)[0]
groups = collections.Counter(); inner = collections.defaultdict(collections.Counter); incl = collections.defaultdict(collections.Counter); tops=collections.defaultdict(collections.Counter)
for e in ev:
    v = e["values"]; t = v.get("eventThread") or v.get("sampledThread") or {}
    name = t.get("javaName") or t.get("osName") or ""
    if t.get("virtual"): name = "vthread"
    g = group(name); groups[g] += 1
    frames = v["stackTrace"]["frames"] if v.get("stackTrace") else []
    # innermost non-jdk library
    il = "jdk/native"
    for f in frames:
        l = lib(f["method"]["type"]["name"].replace("/", "."))
        if l != "jdk": il = l; break
    inner[g][il] += 1
    if frames: tops[g][frames[0]["method"]["type"]["name"]+"."+frames[0]["method"]["name"]] += 1
    seen = set()
    for f in frames:
        cls = f["method"]["type"]["name"].replace("/", "."); k = cls.rsplit(".",1)[-1] + "." + f["method"]["name"]
        if cls.startswith("dev.grantor") and k not in seen: seen.add(k); incl[g][k] += 1
total = sum(groups.values()); print("samples", total)
for g, n in groups.most_common(): print(f"{n:6d} {100*n/total:5.1f}%  {g}")
for g, _ in groups.most_common(4):
    print(f"\n== {g}: innermost non-JDK library (of all samples)")
    for k, n in inner[g].most_common(N): print(f"{n:6d} {100*n/total:5.1f}%  {k}")
    print(f"-- grantor methods on the stack (inclusive)")
    for k, n in incl[g].most_common(N): print(f"{n:6d} {100*n/total:5.1f}%  {k}")
    print(f"-- top frames")
    for k, n in tops[g].most_common(8): print(f"{n:6d} {100*n/total:5.1f}%  {k}")
