J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for r in 1 2; do for t in 1 2; do for w in /tmp/s17/wt10 /work/main; do
  cd $w; res=$($J -cp adapter-kit/target/test-classes:adapter-kit/target/classes:$(cat adapter-kit/target/bench.cp) org.openjdk.jmh.Main FulfillBenchmark -f 1 -wi 3 -i 5 -t $t -jvmArgsAppend "${HEAP:--Xms3g -Xmx3g}" 2>&1 | grep "^FulfillBenchmark.fulfill ")
  echo "$(date +%T) load=$(cut -d' ' -f1 /proc/loadavg) $(basename $w) t=$t $res"
done; done; done
