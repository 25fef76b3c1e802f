#!/usr/bin/env python3
"""Runs the `$ ` commands of one fenced block of README.md (by its opening line) against a served jar and compares
each answer with the one the README shows: the JSON field names the README prints must be in the real answer, and
its literal values (statuses, codes, booleans) must match; ids, keys and timestamps differ by nature and are mapped.
Usage: readme-session.py README.md LINE PORT WORKDIR  (./grantor in WORKDIR, served on PORT; state kept in WORKDIR/.ids)"""
import json, os, re, subprocess, sys, time

readme, line, port, workdir = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lines = open(readme, encoding="utf-8").read().split("\n")
assert lines[line - 1].startswith("```"), lines[line - 1]
block = []
for l in lines[line:]:
    if l.startswith("```"):
        break
    block.append(l)

steps, cmd, out = [], None, []
for l in block:
    if l.startswith("$ "):
        if cmd is not None:
            steps.append((cmd, out))
        cmd, out = l[2:], []
    elif cmd is not None and (cmd.rstrip().endswith("\\") or re.sub(r"\s+#.*", "", cmd).count("'") % 2 == 1):
        cmd += "\n" + l
    elif cmd is not None:
        out.append(l)
if cmd is not None:
    steps.append((cmd, out))

state = os.path.join(workdir, ".ids")
ids = json.load(open(state)) if os.path.exists(state) else {}
TOKEN = re.compile(r"\b(?:bus|ent|entg|lic|lki|cus|gr_live)_[A-Za-z0-9]+")
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")

def keys_of(value, acc):
    if isinstance(value, dict):
        for k, v in value.items():
            acc.setdefault(k, []).append(v)
            keys_of(v, acc)
    elif isinstance(value, list):
        for v in value:
            keys_of(v, acc)
    return acc

env = dict(os.environ, **ids.pop("__env", {}))
exported = {}
report = []
for cmd, expected in steps:
    real_cmd = cmd.replace("localhost:8080", f"localhost:{port}")
    for doc, real in ids.items():
        real_cmd = real_cmd.replace(doc, real)
    if real_cmd.startswith("export "):
        name, _, value = real_cmd[7:].partition("=")
        env[name] = exported[name] = value.strip('"')
        report.append(("ran", cmd.split("\n")[0], "exported"))
        continue
    if real_cmd.startswith("ls "):
        time.sleep(1)   # the README: the relay writes the email a moment after the commit
    run = subprocess.run(["bash", "-c", real_cmd], cwd=workdir, env=env, capture_output=True, text=True, timeout=120)
    got = run.stdout.strip()
    want = "\n".join(expected).strip()
    notes = []
    # map the README's ids to the real ones: plain lines first, then "field": "id" pairs
    if want and TOKEN.fullmatch(want) and TOKEN.fullmatch(got):
        ids[want] = got
    body = got.split("\r\n\r\n", 1)[-1] if got.startswith("HTTP/") else got
    try:
        real_json = json.loads(body)
    except ValueError:
        real_json = None
    if real_json is not None:
        fields = keys_of(real_json, {})
        for key, value in re.findall(r'"([a-z_]+)":\s*("(?:[^"\\]|\\.)*"|true|false|null|-?\d+)', want):
            if key not in fields:
                notes.append(f"field {key} not in the answer")
                continue
            literal = json.loads(value)
            if isinstance(literal, str) and TOKEN.fullmatch(literal):
                candidates = [v for v in fields[key] if isinstance(v, str) and TOKEN.fullmatch(v)]
                if literal not in ids and candidates and literal.split("_")[0] == candidates[0].split("_")[0]:
                    ids[literal] = candidates[0]
                continue
            if isinstance(literal, str) and STAMP.fullmatch(literal):
                if not any(isinstance(v, str) and STAMP.fullmatch(v) for v in fields[key]):
                    notes.append(f"{key} is no timestamp")
                continue
            if literal not in fields[key] and not (isinstance(literal, str) and any(isinstance(v, str) and ids.get(t) for t in TOKEN.findall(literal) for v in fields[key])):
                notes.append(f"{key}: README {value}, answer {json.dumps(fields[key][0])}")
        for doc, real in list(ids.items()):
            pass
    elif want and not TOKEN.fullmatch(want):
        # plain text (a listing, a status line and headers): compare line by line, ids mapped
        mapped = want
        for doc, real in ids.items():
            mapped = mapped.replace(doc, real)
        for w in mapped.split("\n"):
            if not w.startswith("{") and w.strip() and w.strip().lower() not in got.lower():
                notes.append(f"README line not in the answer: {w.strip()}")
    if got.startswith("HTTP/"):
        status_want = next((l for l in expected if l.startswith("HTTP/")), None)
        status_got = got.split("\n")[0].strip()
        if status_want and status_want.strip() != status_got:
            notes.append(f"status {status_got}, README {status_want}")
        if '{' in want.split("\n")[-1]:
            for key, value in re.findall(r'"([a-z_]+)":\s*("(?:[^"\\]|\\.)*")', want.split("\n")[-1]):
                pass
    if run.returncode != 0:
        notes.append(f"exit {run.returncode}: {run.stderr.strip()[-300:]}")
    report.append(("ran as written" if not notes else "differs", cmd.split("\n")[0][:90], "; ".join(notes)))
    print(f"--- $ {real_cmd}\n{got[:1500]}\n", file=sys.stderr)

json.dump(dict(ids, __env=exported), open(state, "w"), indent=1)
for status, cmd, note in report:
    print(f"| {status} | `{cmd}` | {note} |")
