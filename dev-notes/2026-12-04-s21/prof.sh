#!/usr/bin/env bash
# prof.sh JAR DB TAG: session 16's ful.sh with a JFR CPU-time recording (1 ms) of the measured phase (C clients, SECS) in /tmp/s21/TAG-DB.jfr
here=$(dirname $(readlink -f $0))
export TAG=$3
export BEFORE="/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd \$1 JFR.start name=p duration=${SECS:-6}s filename=/tmp/s21/$3-$2.jfr jdk.CPUTimeSample#enabled=true jdk.CPUTimeSample#throttle=1ms jdk.ExecutionSample#enabled=false >/dev/null"
bash $here/../2026-12-04-s16/ful.sh $1 $2 | tee -a /tmp/s21/prof.out
