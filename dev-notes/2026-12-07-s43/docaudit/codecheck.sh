#!/usr/bin/env bash
# Error codes the manual names (upper-case words in backticks, after a status or alone) that no main source holds.
# Usage: codecheck.sh REPO
cd "$1" || exit 2
grep -ohE '`(4[0-9]{2} )?[A-Z][A-Z0-9]*_[A-Z0-9_]+`' README.md docs/*.md | tr -d '`' | sed -E 's/^4[0-9]{2} //' | sort -u |
  grep -vE '^(GRANTOR_|JAVA_HOME|X_|SQLITE_|MAX_|PG)' | while read -r code; do
    grep -rqw --include=*.java --include=*.sql "$code" */src/main || echo "$code"
  done
