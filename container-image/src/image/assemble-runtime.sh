#!/usr/bin/env bash
# Lays out the runtime the image needs on top of nothing ("scratch"): no base image can be pulled here, and a
# JRE plus the C library is all Grantor needs. Called by the build with the output folder, the JDK to use and
# the service's jar.
#
#   <out>/opt/java            a JRE linked by jlink from the building JDK: only the modules the service uses
#   <out>/lib..., /lib64      the shared libraries that JRE's binaries load (glibc and its loader), copied from
#                             the build machine, found by ldd rather than listed by hand
#   <out>/etc/passwd, group   the unprivileged user the service runs as (uid/gid 10001)
#   <out>/tmp, <out>/data     writable: SQLite unpacks its native library to /tmp; /data is the data directory
#   <out>/app/grantor.jar     the service, as bootstrap builds it
#
# The C library comes from the build machine (Debian's glibc here), beside the JRE that came from its JDK: the
# JRE was built against glibc, and copying the exact files its binaries load is smaller and more predictable
# than any distribution layer. Rebuilding the image on another machine takes that machine's glibc.
set -euo pipefail
out="$1"
jdk="$2"
jar="$3"
# from `jdeps --print-module-deps` on grantor.jar, plus elliptic-curve TLS for SMTP and PostgreSQL over TLS
modules="java.base,java.desktop,java.instrument,java.naming,java.net.http,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,jdk.jfr,jdk.management,jdk.unsupported,jdk.crypto.ec"

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/data" "$out/app" "$out/proc"
cp "$jar" "$out/app/grantor.jar"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --output "$out/opt/java"
# a headless server: the X11, sound and splash-screen libraries would only drag their own dependencies in
rm -f "$out"/opt/java/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound}.so

# every shared library the JRE's executables and libraries need, with the dynamic loader, at their own paths
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }' \
  | sort -u \
  | while read -r lib; do
      [ -e "$lib" ] || continue
      mkdir -p "$out$(dirname "$lib")"
      cp -L "$lib" "$out$lib"
    done

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
grantor:x:10001:10001:Grantor:/data:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
grantor:x:10001:
GROUP
# glibc resolves names from /etc/hosts first, then DNS (/etc/resolv.conf comes from the container runtime)
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
