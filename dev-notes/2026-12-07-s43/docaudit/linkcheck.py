#!/usr/bin/env python3
"""Relative links of README.md and docs/*.md: the file exists and a #fragment names a heading of it (GitHub's
slugs: lower case, punctuation but '-' and '_' dropped, spaces to '-', a repeated heading gets -1, -2).
Usage: linkcheck.py REPO. Exit 1 on a broken link."""
import glob, os, re, sys

repo = sys.argv[1]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")

def slugs(path):
    seen, out, fenced = {}, set(), False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            fenced = not fenced
        if fenced or not line.startswith("#"):
            continue
        text = re.sub(r"^#+\s*", "", line.strip())
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out

problems = []
for path in [os.path.join(repo, "README.md")] + sorted(glob.glob(os.path.join(repo, "docs", "*.md"))):
    fenced = False
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.startswith("```"):
            fenced = not fenced
        if fenced:
            continue
        for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"^[a-z]+:", target):
                continue
            file, _, fragment = target.partition("#")
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), file)) if file else path
            where = f"{os.path.relpath(path, repo)}:{n}"
            if not os.path.exists(resolved):
                problems.append(f"{where}: {target}: no file {os.path.relpath(resolved, repo)}")
            elif fragment and (not resolved.endswith(".md") or fragment not in slugs(resolved)):
                problems.append(f"{where}: {target}: no heading #{fragment} in {os.path.relpath(resolved, repo)}")
print("\n".join(problems))
sys.exit(1 if problems else 0)
