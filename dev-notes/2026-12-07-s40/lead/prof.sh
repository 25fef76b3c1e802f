#!/usr/bin/env bash
# prof.sh TAG C [serve opts...]: warm.sh (30 s warm-up at 16) then C clients for 8 s with a JFR CPU-time recording
tag=$1; c=$2; shift 2
export SERVE_OPTS="$*" C=$c SECS=8 N=12000 WARMN=30000 WARM=30 TAG=$tag
export BEFORE="/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd \$1 JFR.start name=p duration=8s filename=/tmp/lead/prof/$tag.jfr jdk.CPUTimeSample#enabled=true jdk.CPUTimeSample#throttle=1ms jdk.ExecutionSample#enabled=false >/dev/null; cat /proc/\$1/stat | awk '{print \$14+\$15}' > /tmp/lead/prof/$tag.cpu0"
bash /work/main/dev-notes/2026-12-04-s22/warm.sh /tmp/lead/repo/bootstrap/target/grantor.jar pg
