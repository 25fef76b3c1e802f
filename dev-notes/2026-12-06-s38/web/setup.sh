#!/usr/bin/env bash
# A fresh service on the embedded defaults (SQLite, mail to the pickup folder) with two businesses, an API key, an
# operator and a viewer; prints the variables probe.py reads. Usage: setup.sh JAR DIR PORT
set -euo pipefail
JAR=$1 DIR=$2 PORT=$3
rm -rf "$DIR"; mkdir -p "$DIR"
g() { java -jar "$JAR" "$@" --data-dir "$DIR/data"; }
A=$(g businesses create --name 'Acme <b>"Tools"</b> & Co' | tail -1)
B=$(g businesses create --name 'Bolt' | tail -1)
KA=$(g api-keys create --business "$A" --name billing 2>/dev/null)
KB=$(g api-keys create --business "$B" 2>/dev/null)
g operators add --business "$A" --email op@acme.example >/dev/null
g operators add --business "$A" --email viewer@acme.example --role viewer >/dev/null
OWNER=$(g console login-link --business "$A" --port "$PORT" | grep -o 'http://[^ ]*')
VIEWER=$(g console login-link --business "$A" --email viewer@acme.example --port "$PORT" | grep -o 'http://[^ ]*')
OWNERB=$(g console login-link --business "$B" --port "$PORT" | grep -o 'http://[^ ]*')
OWNER2=$(g console login-link --business "$A" --port "$PORT" | grep -o 'http://[^ ]*')
cat > "$DIR/env" <<E
A=$A
B=$B
KA=$KA
KB=$KB
OWNER=$OWNER
VIEWER=$VIEWER
OWNERB=$OWNERB
OWNER2=$OWNER2
PORT=$PORT
DIR=$DIR
E
cat "$DIR/env"
