#!/usr/bin/env bash
# Start-up of an older build beside this one, in one run: time from `java -jar` to the first 200
# of /health/ready, and the resident memory then and after a short idle. Each build starts ROUNDS
# times, alternating (old new new old …), each time on a fresh data and root directory, so neither
# gains from a warm disk cache or from going last.
#
#   bench/startup.sh    # OLD_REF=ef1abf6 (Payara Micro 6 on Java 17), built once into target/bench/
#                       # OLD_JAVA_HOME=<JDK the old build needs>, ROUNDS=4 IDLE=10
#
# Needs python3 and curl; prints a Markdown table and writes it to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
. distribution/src/dist/bin/jdk.sh
atelier_java_home
NEW_JAVA="$JAVA_HOME/bin/java"
OLD_REF=${OLD_REF:-ef1abf6}
OLD_JAVA_HOME=${OLD_JAVA_HOME:-$(ls -d /usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -n 1)}
NEW_JAR=${NEW_JAR:-distribution/target/atelier.jar}
ROUNDS=${ROUNDS:-4}
IDLE=${IDLE:-10}
PORT=${PORT:-18083}

[ -f "$NEW_JAR" ] || ./mvnw -q -B -DskipTests package
OLD_JAR=${OLD_JAR:-target/bench/atelier-$OLD_REF.jar}
if [ ! -f "$OLD_JAR" ]; then
  SRC=target/bench/src-$OLD_REF
  rm -rf "$SRC" && mkdir -p "$SRC"
  git archive "$OLD_REF" | tar -x -C "$SRC"
  (cd "$SRC" && JAVA_HOME="$OLD_JAVA_HOME" ./mvnw -q -B -DskipTests package -pl distribution -am)
  cp "$SRC/distribution/target/atelier.jar" "$OLD_JAR"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/atelier-startup.XXXXXX")
PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

one() { # label java jar -> "label ms rss_ready_kib rss_idle_kib"
  local dir="$WORK/$1-$RANDOM"
  mkdir -p "$dir/tmp"
  local t0; t0=$(date +%s%N)
  ATELIER_DATA_DIR="$dir/data" "$2" -Xmx512m -Djava.io.tmpdir="$dir/tmp" -jar "$3" --nocluster \
    --port "$PORT" --rootdir "$dir/payara" >"$dir/server.log" 2>&1 &
  PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = 200 ]; do
    kill -0 "$PID" 2>/dev/null || { tail -30 "$dir/server.log" >&2; exit 1; }
    sleep 0.05
  done
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  local ready; ready=$(rss "$PID")
  sleep "$IDLE"
  local idle; idle=$(rss "$PID")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  echo "$1 $ms $ready $idle"
}

RESULTS="$WORK/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="old new"; else order="new old"; fi
  for label in $order; do
    case $label in
      old) one old "$OLD_JAVA_HOME/bin/java" "$OLD_JAR" >>"$RESULTS" ;;
      new) one new "$NEW_JAVA" "$NEW_JAR" >>"$RESULTS" ;;
    esac
  done
done

OLD_VERSION=$("$OLD_JAVA_HOME/bin/java" -version 2>&1 | head -n 1)
NEW_VERSION=$("$NEW_JAVA" -version 2>&1 | head -n 1)
mkdir -p bench/results
OUT="bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$RESULTS" "$OLD_REF" "$OLD_VERSION" "$NEW_VERSION" "$ROUNDS" "$IDLE" >"$OUT" <<'PY'
import sys, os, platform, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
old_ref, old_java, new_java, rounds, idle = sys.argv[2:7]
def stats(label, i):
    values = [float(r[i]) for r in rows if r[0] == label]
    return statistics.median(values), min(values), max(values)
print(f"Machine: {os.cpu_count()} cores, {platform.machine()}; each build started {rounds} times, "
      f"alternating; -Xmx512m, H2, --nocluster, a fresh root directory each time. "
      f"old = {old_ref} on {old_java}; new = this build on {new_java}.")
print()
print("| build | ready in (median, min–max) | RSS when ready | RSS after " + idle + " s idle |")
print("|---|---:|---:|---:|")
for label in ("old", "new"):
    t = stats(label, 1); r = stats(label, 2); i = stats(label, 3)
    print(f"| {label} | {t[0]/1000:.1f} s ({t[1]/1000:.1f}–{t[2]/1000:.1f}) | {r[0]/1024:.0f} MiB "
          f"| {i[0]/1024:.0f} MiB |")
print()
ot, nt = stats("old", 1)[0], stats("new", 1)[0]
orss, nrss = stats("old", 3)[0], stats("new", 3)[0]
print(f"new / old: time to ready {nt/ot:.2f}, RSS after idle {nrss/orss:.2f}.")
print()
print("Raw lines (label ms rss-ready-KiB rss-idle-KiB):")
print()
for r in rows:
    print("    " + " ".join(r))
PY
cat "$OUT"
