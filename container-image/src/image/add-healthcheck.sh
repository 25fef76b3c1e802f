#!/usr/bin/env bash
# Jib writes no HEALTHCHECK (its container configuration has no such field), so the build adds one to the
# image configuration in the tar it produced: the container runtime then probes GET /ready with a class that is
# part of the image. The tar is rewritten with the same members in the same order.
set -euo pipefail
tar_file="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xf "$tar_file" -C "$work"
members="$(tar -tf "$tar_file")"
config="$work/config.json"
healthcheck='"Healthcheck":{"Test":["CMD","/opt/java/bin/java","-XX:TieredStopAtLevel=1","-Xshare:auto","-cp","/app/classes","dev.grantor.image.ReadyProbe"],"Interval":30000000000,"Timeout":10000000000,"StartPeriod":60000000000,"Retries":3},'
grep -q '"Healthcheck"' "$config" || sed -i "s|\"config\":{|\"config\":{$healthcheck|" "$config"
grep -q '"Healthcheck"' "$config"
# shellcheck disable=SC2086
(cd "$work" && tar -cf "$tar_file.new" $members)
mv "$tar_file.new" "$tar_file"
