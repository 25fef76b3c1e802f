#!/usr/bin/env python3
"""Options named in README.md and docs/*.md against `grantor ... --help` (help.json from helpdump.py).
Usage: optcheck.py REPO help.json. Prints one line per mismatch; exit 1 when there is one."""
import glob, json, os, re, sys

repo, helpfile = sys.argv[1], sys.argv[2]
tree = json.load(open(helpfile))
leaves = {k: v["options"] for k, v in tree.items() if k and not v["subcommands"]}
every = set().union(*leaves.values())
DATABASE = set(leaves["migrate"])            # the mixin every data command carries
FOREIGN = {"--enable-native-access", "--stat", "--smtp-"}   # java's, git's, and spring-boot.md's `--smtp-*`
OPT = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
CMD = re.compile(r"grantor\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?")

problems, documented = [], {k: set() for k in leaves}

def command_in(text):
    """the leaf command a `grantor X Y` mention names, with the text after it"""
    for m in CMD.finditer(text):
        first, second = m.group(1), m.group(2)
        if f"{first} {second}" in leaves:
            yield f"{first} {second}", m.end()
        elif first in leaves:
            yield first, m.end() - (len(second) + 1 if second else 0)

INVOCATION = re.compile(r"(?:^|[\s$(])(?:\./|/\S*/)?grantor\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?")

def attribute(where, text):
    """options after a command mention in one code line, code span or table cell belong to that command"""
    for m in INVOCATION.finditer(text):
        first, second = m.group(1), m.group(2)
        if first not in tree or first == "help":
            problems.append(f"{where}: `grantor {first}` is no command")
        elif tree[first]["subcommands"] and second is not None and second not in tree[first]["subcommands"]:
            problems.append(f"{where}: `grantor {first} {second}` is no command ({', '.join(tree[first]['subcommands'])})")
    mentions = list(command_in(text))
    for i, (cmd, start) in enumerate(mentions):
        end = mentions[i + 1][1] if i + 1 < len(mentions) else len(text)
        for opt in OPT.findall(text[start:end]):
            if opt in FOREIGN:
                continue
            documented[cmd].add(opt)
            if opt not in leaves[cmd]:
                problems.append(f"{where}: `grantor {cmd}` has no {opt} (its --help: {' '.join(sorted(leaves[cmd]))})")

for path in [os.path.join(repo, "README.md")] + sorted(glob.glob(os.path.join(repo, "docs", "*.md"))):
    name = os.path.relpath(path, repo)
    fenced, block = False, ""
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        where = f"{name}:{n}"
        if line.startswith("```"):
            fenced = not fenced
            continue
        for opt in OPT.findall(line):
            if opt not in every and opt not in FOREIGN:
                problems.append(f"{where}: {opt} is no option of any grantor command")
        if fenced:
            block += line.rstrip("\n").rstrip("\\") + " "
            if not line.rstrip().endswith("\\"):
                attribute(where, block)
                block = ""
            continue
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            for cell in cells:
                attribute(where, cell)
            first = cells[0] if cells else ""
            # a configuration table row: `--option` (and `--other`) in the first cell, the environment, the default
            row_opts = OPT.findall(first)
            if row_opts and first.strip().startswith("`--") and len(cells) >= 3 and "GRANTOR_" in cells[1]:
                for opt in row_opts:
                    documented["serve"].add(opt)
                    if opt not in leaves["serve"]:
                        problems.append(f"{where}: the configuration table names {opt}, which `grantor serve` lacks")
                        continue
                    var = "GRANTOR_" + opt[2:].upper().replace("-", "_")
                    if var not in cells[1]:
                        problems.append(f"{where}: {opt}'s environment variable is {var}, the table says {cells[1].strip()}")
                    helpdefault = re.search(r"default ([^ ,)]+?)\.?\)", leaves["serve"][opt])
                    docdefault = re.match(r"\s*`([^`]+)`", cells[2])
                    if helpdefault and helpdefault.group(1) and docdefault and docdefault.group(1) != helpdefault.group(1):
                        problems.append(f"{where}: {opt} default is {helpdefault.group(1)} in --help, {docdefault.group(1)} in the table")
            continue
        for span in re.findall(r"`([^`]+)`", line):
            attribute(where, span)

for cmd, opts in sorted(leaves.items()):
    for opt in sorted(opts):
        if opt in documented[cmd]:
            continue
        if opt in DATABASE and cmd != "serve":
            continue   # README: every data command takes serve's database options
        if opt == "--create":
            continue   # README names it once for every data command that refuses a missing database
        problems.append(f"undocumented: `grantor {cmd} {opt}`")

print("\n".join(problems))
sys.exit(1 if problems else 0)
