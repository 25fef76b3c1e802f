# jfrtls.py FILE.json: the server JVM's ExecutionSamples by thread group, and for the webhook sends the share whose
# stack is in a TLS handshake, in TLS record work, or in connecting a socket
import json, sys, re, collections
ev = json.load(open(sys.argv[1]))["recording"]["events"]
def group(name):
    if name is None: return "?"
    if name.startswith("grantor-webhook-msg_"): return "webhook send"
    if name.startswith("grantor-webhook"): return "webhook loop"
    if name.startswith("grantor-outbox"): return "outbox relay"
    if "Jetty" in name or name.startswith("qtp"): return "jetty/request"
    return re.sub(r"[-#]?\d+$", "", name)
groups = collections.Counter(); parts = collections.Counter()
for e in ev:
    t = e["values"].get("sampledThread") or {}
    g = group(t.get("javaName") or t.get("osName")); groups[g] += 1
    if g != "webhook send": continue
    names = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".")
             for f in (e["values"].get("stackTrace") or {}).get("frames", [])]
    # stacks are cut at JFR's depth, so a handshake is also known by its key exchange and signature arithmetic
    if any("Handshake" in n or "ClientHello" in n or "ServerHello" in n or n.startswith(("sun.security.ec.",
           "sun.security.util.math.", "sun.security.rsa.", "sun.security.x509.", "sun.security.provider.certpath."))
           for n in names): parts["TLS handshake (key exchange, certificate check)"] += 1
    elif any(n.startswith("sun.security.ssl.") for n in names): parts["TLS records (encrypt, decrypt, close)"] += 1
    elif any(n.startswith("java.net.Socket.connect") or "NioSocketImpl.connect" in n for n in names): parts["TCP connect"] += 1
    else: parts["the rest"] += 1
total = sum(groups.values())
for g, n in groups.most_common(10): print(f"{n:6d} {100*n/total:5.1f}%  {g}")
sends = groups["webhook send"]
print(f"\n== webhook send: {sends} samples ({100*sends/max(1,total):.1f}% of all)")
for p, n in parts.most_common(): print(f"{n:6d} {100*n/max(1,sends):5.1f}% of the sends  {p}")
