# agg.py FILE.jfr: JFR CPU-time samples by innermost library, inclusive library, thread, top frames
import subprocess, sys, re, collections
out = subprocess.run(["/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr", "print", "--events", "jdk.CPUTimeSample",
                      "--stack-depth", "96", sys.argv[1]], capture_output=True, text=True).stdout
LIBS = [("dev.grantor.adapter.persistence", "grantor-persistence"), ("dev.grantor.adapter.rest", "grantor-rest"),
        ("dev.grantor.adapter.mail", "grantor-mail"), ("dev.grantor.application", "grantor-application"),
        ("dev.grantor.domain", "grantor-domain"), ("dev.grantor", "grantor-other"),
        ("org.jdbi", "jdbi"), ("org.eclipse.jetty", "jetty"), ("io.javalin", "javalin"),
        ("com.fasterxml.jackson", "jackson"), ("tools.jackson", "jackson"), ("org.postgresql", "pgjdbc"), ("io.vavr", "vavr"),
        ("ch.qos.logback", "logback"), ("org.slf4j", "slf4j"), ("com.zaxxer", "hikari"), ("org.hibernate.validator", "hibernate-validator"),
        ("jakarta.mail", "jakarta-mail"), ("org.eclipse.angus", "angus-mail"), ("org.sqlite", "sqlite"), ("jakarta.validation", "jakarta-validation"),
        ("java.", "jdk"), ("javax.", "jdk"), ("jdk.", "jdk"), ("sun.", "jdk"), ("com.sun", "jdk")]
def lib(frame):
    for p, n in LIBS:
        if frame.startswith(p): return n
    return frame.split("(")[0].rsplit(".", 2)[0]
inner = collections.Counter(); incl = collections.Counter(); threads = collections.Counter(); top = collections.Counter(); total = 0
for ev in out.split("jdk.CPUTimeSample {")[1:]:
    m = re.search(r'eventThread = "([^"]*)"', ev); th = re.sub(r'\d+', 'N', m.group(1)) if m else "?"
    frames = [l.strip() for l in ev.split("stackTrace = [", 1)[-1].split("]", 1)[0].splitlines() if l.strip() and l.strip() != "..."]
    if not frames: continue
    total += 1; threads[th] += 1
    inner[lib(frames[0])] += 1; top[frames[0].split(" line:")[0]] += 1
    for l in set(lib(f) for f in frames): incl[l] += 1
    # first grantor frame from the top (the caller in our code)
print("samples", total)
for name, c in (("threads", threads), ("innermost library", inner), ("inclusive library", incl), ("top frames", top)):
    print("==", name); [print("%5.1f%%  %s" % (100.0 * n / total, k)) for k, n in c.most_common(18)]
# attribute each sample to the innermost dev.grantor frame (our method paying for the libraries it calls)
ours = collections.Counter(); total2 = 0
for ev in out.split("jdk.CPUTimeSample {")[1:]:
    frames = [l.strip() for l in ev.split("stackTrace = [", 1)[-1].split("]", 1)[0].splitlines() if l.strip() and l.strip() != "..."]
    if not frames: continue
    total2 += 1
    g = next((f.split(" line:")[0] for f in frames if f.startswith("dev.grantor")), "(no grantor frame) " + lib(frames[-1]))
    ours[g] += 1
print("== innermost grantor frame")
[print("%5.1f%%  %s" % (100.0 * n / total2, k)) for k, n in ours.most_common(30)]
