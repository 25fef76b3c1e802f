#!/usr/bin/env python3
"""Walks `grantor ... --help` of the built jar and prints JSON: {"serve": {"options": {"--port": "default text"}, ...}}.
Usage: helpdump.py JAR > help.json (JAVA_HOME must be a JDK >= 21)."""
import json, os, re, subprocess, sys

jar = sys.argv[1]
java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")

def help_of(path):
    out = subprocess.run([java, "--enable-native-access=ALL-UNNAMED", "-jar", jar, *path, "--help"],
                         capture_output=True, text=True, timeout=60)
    return out.stdout + out.stderr

tree = {}
def walk(path):
    text = help_of(path)
    subs, options, in_commands = [], {}, False
    current = None
    for line in text.splitlines():
        if line.startswith("Commands:"):
            in_commands = True
            continue
        if in_commands:
            m = re.match(r"^  ([a-z][a-z-]*)\s", line)
            if m and m.group(1) != "help":
                subs.append(m.group(1))
            continue
        m = re.match(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)(?:\[?=\S+\]?)?(?:, (--[a-z-]+))?\s*(.*)$", line)
        if m:
            current = m.group(1)
            options[current] = m.group(3)
            if m.group(2):
                options[m.group(2)] = m.group(3)
        elif current and re.match(r"^\s{6,}\S", line):
            options[current] += " " + line.strip()
        else:
            current = None
    tree[" ".join(path)] = {"options": {o: d for o, d in options.items() if o not in ("--help", "--version")},
                            "subcommands": subs, "help": text}
    for s in subs:
        walk(path + [s])

walk([])
json.dump(tree, sys.stdout, indent=1)
