#!/bin/bash
# Before (session 39's statement) and after, alternated, on one build of the branch. "Before" puts session 39's
# JdbcGrantParties and JdbcGrants first on the class path, compiled apart with
#   git show main:adapters-persistence/src/main/java/dev/grantor/adapter/persistence/JdbcGrantParties.java > /tmp/drain/old-src/... (and JdbcGrants)
#   javac -proc:none -cp target/classes:$(cat target/bench.cp) -d /tmp/drain/old-classes /tmp/drain/old-src/*.java
# (target/bench.cp and the test classes as DrainAtScale's comment builds them). Output: ab.out.
cd /tmp/drain/repo/adapters-persistence
J=$(../bin/find-jdk)/bin/java
CP=target/test-classes:target/classes:$(cat target/bench.cp)
run() { echo "=== $1 $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"; shift; timeout 900 $J --enable-native-access=ALL-UNNAMED -cp "$@" 2>/dev/null | grep -E "waiting on|restock|Execution Time|^-- |Buffers: shared hit=[0-9]+$" ; }
for round in 1 2; do
  run before /tmp/drain/old-classes:$CP dev.grantor.adapter.persistence.DrainAtScale postgresql 500 5000
  run after $CP dev.grantor.adapter.persistence.DrainAtScale postgresql 500 5000
done
run before /tmp/drain/old-classes:$CP dev.grantor.adapter.persistence.DrainAtScale postgresql 100 50000
run after $CP dev.grantor.adapter.persistence.DrainAtScale postgresql 100 50000
run sqlite $CP dev.grantor.adapter.persistence.DrainAtScale sqlite 500 5000 50000
