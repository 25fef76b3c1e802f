# jfragg.py FILE.json: ExecutionSamples by thread group, then, for the webhook groups, the packages/methods their stacks pass through
import json, sys, re, collections
d = json.load(open(sys.argv[1]))
ev = d["recording"]["events"]
def group(name):
    if name is None: return "?"
    if name.startswith("grantor-webhook-msg_"): return "webhook send"
    if name.startswith("grantor-webhook"): return "webhook loop"
    if name.startswith("grantor-outbox"): return "outbox relay"
    if "Jetty" in name or name.startswith("qtp"): return "jetty/request"
    return re.sub(r"[-#]?\d+$", "", name)
groups = collections.Counter(); incl = collections.defaultdict(collections.Counter); top = collections.defaultdict(collections.Counter)
for e in ev:
    t = e["values"].get("sampledThread") or {}
    name = t.get("javaName") or t.get("osName")
    g = group(name); groups[g] += 1
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    seen = set()
    for i, f in enumerate(frames):
        m = f["method"]; cls = m["type"]["name"]; meth = cls + "." + m["name"]
        if i == 0: top[g][meth] += 1
        for key in (meth,):
            if key not in seen and ("grantor" in cls): seen.add(key); incl[g][key] += 1
total = sum(groups.values())
for g, n in groups.most_common(12): print(f"{n:6d} {100*n/total:5.1f}%  {g}")
for g in ("webhook send", "webhook loop", "outbox relay"):
    print(f"\n== {g}: {groups[g]} samples; grantor methods on the stack (inclusive)")
    for meth, n in incl[g].most_common(14): print(f"{n:6d} {100*n/max(1,groups[g]):5.1f}%  {meth}")
    print(f"-- top frames")
    for meth, n in top[g].most_common(8): print(f"{n:6d} {100*n/max(1,groups[g]):5.1f}%  {meth}")
