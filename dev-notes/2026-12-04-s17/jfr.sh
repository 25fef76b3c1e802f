pid=$1; /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JFR.start name=p duration=5s filename=/tmp/s17/$TAGF.jfr jdk.CPUTimeSample#enabled=true jdk.CPUTimeSample#throttle=1ms >/dev/null
