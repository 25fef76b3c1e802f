# under.py FILE.json METHOD [N]: of the samples with METHOD (Class.method, simple class name) on the stack, the frames just below it (callees, 3 deep) and the top frames
import json, sys, collections
d = json.load(open(sys.argv[1])); m = sys.argv[2]; N = int(sys.argv[3]) if len(sys.argv) > 3 else 25
def name(f): return f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"]
below = collections.Counter(); top = collections.Counter(); n = 0
for e in d["recording"]["events"]:
    fr = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [name(f) for f in fr]
    if m in names:
        i = len(names) - 1 - names[::-1].index(m); n += 1
        below[" > ".join(names[max(0, i - 3):i][::-1])] += 1; top[names[0]] += 1
print(n, "samples with", m)
for k, v in below.most_common(N): print(f"{v:5d} {k}")
print("-- top frames")
for k, v in top.most_common(N): print(f"{v:5d} {k}")
