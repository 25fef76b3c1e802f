#!/usr/bin/env python3
# Groups a JFR recording's execution samples: the relay's (any frame of OutboxRelay / PickupDirectoryMailer / the
# outbox store's relay statements, or a thread named like the relay) by the first "stage" frame found from the top,
# everything else as "requests and other". Usage: jfrsplit.py rec.jfr
import subprocess, sys, re, collections, json
jfr = sys.argv[1]
out = subprocess.run([sys.argv[2] if len(sys.argv) > 2 else "jfr", "print", "--json", "--stack-depth", "96",
                      "--events", (sys.argv[3] if len(sys.argv) > 3 else "jdk.ExecutionSample"), jfr], capture_output=True, text=True).stdout
events = json.loads(out)["recording"]["events"]
# stage markers, checked from the top of the stack down (the innermost match wins)
stages = [
    ("fsync of an email file", ["FileChannelImpl.force"]),  # directory sync told apart below
    ("email file created (open, O_CREAT)", ["UnixNativeDispatcher.open", "UnixChannelFactory", "FileChannelImpl.open", "FileChannel.open"]),
    ("email file renamed", ["UnixNativeDispatcher.rename", "UnixFileSystem.move", "UnixCopyFile", "Files.move"]),
    ("email file written", ["FileChannelImpl.write", "IOUtil.write", "FileDispatcherImpl.write"]),
    ("email file, rest", ["PickupDirectoryMailer.write", "Files.move", "FileChannel.open"]),
    ("email rendered (MIME bytes)", ["MessageAssembly", "DeliveryMessage.toBytes", "MimeMessage", "MimeMultipart"]),
    ("email logged / metrics (record)", ["PickupDirectoryMailer.record"]),
    ("payload decoded (JSON)", ["OutboxRelay.decode", "DeliveryEmailPayload.decode", "PortalEmailPayload.decode"]),
    ("events published (sink)", ["OutboxRelay.publishEvents"]),
    ("settle+claim write (DB)", ["markSentAndClaimDue", "OutboxRelay.markSent", "claimDue"]),
    ("writers' executor (virtual threads)", ["ThreadPerTaskExecutor", "PickupDirectoryMailer.writeTogether"]),
    ("retention", ["Retention.runWhenDue", "purgeSent"]),
    ("gather / loop", ["OutboxRelay.gather", "PollingLoop.loop"]),
]
relay_keys = ["OutboxRelay", "PickupDirectoryMailer", "PollingLoop"]
tot = collections.Counter(); relay = collections.Counter(); top = collections.Counter(); threads = collections.Counter()
for e in events:
    v = e["values"]; frames = [f["method"]["type"]["name"].split(".")[-1] + "." + f["method"]["name"] for f in (v["stackTrace"] or {}).get("frames", [])]
    t = (v.get("sampledThread") or v.get("eventThread") or {}).get("javaName") or "?"
    isrelay = any(k in f for f in frames for k in relay_keys) or "relay" in t
    tot["relay" if isrelay else "other"] += 1
    if not isrelay:
        threads[re.sub(r"\d+", "N", t)] += 1
        continue
    whole = " ".join(frames)
    name = "other relay work"
    for f in frames:
        hit = None
        for s, keys in stages:
            if any(k in f for k in keys):
                hit = s; break
        if hit:
            name = hit; break
    if name == "fsync of an email file" and "syncDirectory" in whole:
        name = "directory fsync"
    relay[name] += 1
    if name == "other relay work":
        top[frames[0] if frames else "?"] += 1
n = sum(tot.values())
print(f"samples {n}: relay {tot['relay']} ({100*tot['relay']/max(n,1):.0f}%), other {tot['other']}")
for k, c in relay.most_common():
    print(f"  {c:6d} {100*c/max(tot['relay'],1):5.1f}%  {k}")
print("other relay work, top frames:")
for k, c in top.most_common(12):
    print(f"  {c:6d} {k}")
print("non-relay samples by thread:")
for k, c in threads.most_common(6):
    print(f"  {c:6d} {k}")
