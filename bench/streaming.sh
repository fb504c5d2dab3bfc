#!/usr/bin/env bash
# Streaming overhead and capacity of chat streams, an older build beside this one in one run.
#
#   bench/streaming.sh          # OLD_REF=<commit> (built once into target/bench/), or OLD_JAR=<jar>
#   OLD_JAR=distribution/target/atelier.jar OLD_ENV=ATELIER_THREADS_VIRTUAL=false \
#     NEW_ENV=ATELIER_THREADS_VIRTUAL=true bench/streaming.sh   # one build, two settings
#
# A fake OpenAI-compatible provider (bench/streaming/FakeProvider.java) streams CHUNKS chunks,
# INTERVAL_MS apart, each carrying the time it was written. bench/streaming/StreamClient.java
# reads them directly (the baseline) and through Atelier (POST /api/v1/chat/stream, message.delta
# events) at 1 and LOW_N/HIGH_N concurrent chats, and records chunk -> client latency; then opens
# MAX_N chats at once against each server (-Xmx512m) and counts errors, peak RSS and threads.
# Needs a JDK 21+ (found as mvnw finds it), python3 and curl; prints a Markdown table and writes it to bench/results/.
# KEEP=1 keeps the work folder (server logs). Takes about 15 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. distribution/src/dist/bin/jdk.sh
atelier_java_home
JAVA="$JAVA_HOME/bin/java"
OLD_REF=${OLD_REF:-3a32a42}
OLD_ENV=${OLD_ENV:-} # environment assignments for the old server, e.g. ATELIER_THREADS_VIRTUAL=false
NEW_ENV=${NEW_ENV:-}
NEW_JAR=${NEW_JAR:-distribution/target/atelier.jar}
CHUNKS=${CHUNKS:-20}
INTERVAL_MS=${INTERVAL_MS:-50}
WORKERS=${WORKERS:-150}
ORDER=${ORDER:-old new new old}
ONE_ROUNDS=${ONE_ROUNDS:-50}
WARMUP=${WARMUP:-5} # rounds the one-chat client runs first and does not count (its own JIT)
HIGH_N=${HIGH_N:-200}
HIGH_ROUNDS=${HIGH_ROUNDS:-3}
MAX_N=${MAX_N:-1000}
TIMEOUT=${TIMEOUT:-240}
PORT=${PORT:-18081}
PROVIDER_PORT=${PROVIDER_PORT:-18999}
B=bench/streaming

[ -f "$NEW_JAR" ] || ./mvnw -q -B -o -DskipTests package -pl distribution -am
if [ -z "${OLD_JAR:-}" ]; then
  OLD_JAR=target/bench/atelier-$OLD_REF.jar
  if [ ! -f "$OLD_JAR" ]; then
    SRC=target/bench/src-$OLD_REF
    rm -rf "$SRC" && mkdir -p "$SRC"
    git archive "$OLD_REF" | tar -x -C "$SRC"
    (cd "$SRC" && ./mvnw -q -B -o -DskipTests package -pl distribution -am)
    cp "$SRC/distribution/target/atelier.jar" "$OLD_JAR"
  fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/atelier-stream-bench.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

"$JAVA" -Xmx256m "$B/FakeProvider.java" "$PROVIDER_PORT" "$CHUNKS" "$INTERVAL_MS" >"$WORK/provider.log" 2>&1 &
PIDS+=($!)
until grep -q ready "$WORK/provider.log"; do sleep 0.2; done
PROVIDER="http://127.0.0.1:$PROVIDER_PORT/v1"
client() { # warm-up-rounds mode base n rounds [token project agent]
  local warm=$1
  shift
  "$JAVA" -Xmx256m -Dbench.timeout="$TIMEOUT" -Dbench.warmup="$warm" "$B/StreamClient.java" "$@" \
    2>>"$WORK/client.err"
}

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
RESULTS="$WORK/results.txt"
: >"$RESULTS"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

direct() { # the provider read without Atelier, at 1 and HIGH_N chats
  client 0 direct "$PROVIDER" 20 2 >/dev/null # warm-up of the provider
  echo "direct $(client "$WARMUP" direct "$PROVIDER" 1 "$ONE_ROUNDS")" >>"$RESULTS"
  echo "direct $(client 0 direct "$PROVIDER" "$HIGH_N" "$HIGH_ROUNDS")" >>"$RESULTS"
}

sample() { # pid, out: peak RSS (KiB) and threads every 0.5 s until killed
  local pid=$1 out=$2 rss=0 thr=0 r t
  while kill -0 "$pid" 2>/dev/null; do
    r=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    t=$(awk '/Threads/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${r:-0}" -gt "$rss" ] && rss=$r
    [ "${t:-0}" -gt "$thr" ] && thr=$t
    echo "$rss $thr" >"$out"
    sleep 0.5
  done
}

executors() { # pid -> "default-executor-threads of-them-streams stream-pool-threads" (thread dump)
  "$JAVA_HOME/bin/jstack" "$1" 2>/dev/null | python3 -c '
import sys
dump = sys.stdin.read().split("\n\n")
pool = [t for t in dump if t.startswith("\"concurrent/__defaultManagedExecutorService")]
streams = [t for t in pool if "RunStreams" in t]
own = [t for t in dump if t.startswith(("\"atelier-streams-", "\"concurrent/__defaultManagedThreadFactory"))]
print(len(pool), len(streams), len(own))'
}

server() { # tag jar [env assignments]
  local label=$1 jar=$2 dir="$WORK/$1"
  mkdir -p "$dir"
  env ${3:-} ATELIER_DATA_DIR="$dir/data" ATELIER_OUTBOUND_ALLOW_PRIVATE=true ATELIER_RUNS_WORKERS=$WORKERS \
    ATELIER_RATE_LIMIT_DEFAULT_PER_MINUTE=100000000 ATELIER_RATE_LIMIT_RUNS_PER_MINUTE=100000000 \
    ATELIER_RATE_LIMIT_ANONYMOUS_PER_MINUTE=100000000 \
    "$JAVA" -Xmx512m -Djava.io.tmpdir="$dir" -jar "$jar" --nocluster --port "$PORT" \
    --rootdir "$dir/payara" >"$dir/server.log" 2>&1 &
  SERVER=$!
  PIDS+=($SERVER)
  BASE="http://127.0.0.1:$PORT"
  until curl -sf "$BASE/health/ready" >/dev/null; do
    kill -0 "$SERVER" 2>/dev/null || { tail -50 "$dir/server.log"; exit 1; }
    sleep 0.5
  done
  local email="bench-$label-$(date +%s)@example.test"
  curl -sf -X POST "$BASE/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"bench passphrase 123\",\"name\":\"Bench\"}" >/dev/null
  TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"bench passphrase 123\"}" | json "['access_token']")
  local auth=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
  curl -sf -X PUT "$BASE/api/v1/model-providers/openai/credentials" "${auth[@]}" \
    -d "{\"api_key\":\"bench\",\"base_url\":\"$PROVIDER\"}" >/dev/null
  curl -sf -X POST "$BASE/api/v1/agents" "${auth[@]}" -d "$(python3 -c 'import json
print(json.dumps({"format": "yaml", "content":
  "name: streamer\ndescription: bench\nmodel: openai:bench-1\ninstructions: Stream.\ntools: []\n"}))')" >/dev/null
  PROJECT=$(curl -sf -X POST "$BASE/api/v1/projects" "${auth[@]}" -d '{"name":"Bench"}' | json "['id']")
}

RUN_NO=0
measure() { # label jar [env assignments]
  local label=$1 dump1 dump2 sampler
  RUN_NO=$((RUN_NO + 1))
  local tag=$label-$RUN_NO
  server "$tag" "$2" "${3:-}"
  client 0 atelier "$BASE" 20 2 "$TOKEN" "$PROJECT" streamer >/dev/null # warm-up of the server
  echo "$label $(client "$WARMUP" atelier "$BASE" 1 "$ONE_ROUNDS" "$TOKEN" "$PROJECT" streamer)" >>"$RESULTS"
  (sleep $(( CHUNKS * INTERVAL_MS / 2000 + 2 )); executors "$SERVER" >"$WORK/$tag.pool.high") &
  dump1=$!
  echo "$label $(client 0 atelier "$BASE" "$HIGH_N" "$HIGH_ROUNDS" "$TOKEN" "$PROJECT" streamer)" >>"$RESULTS"
  sample "$SERVER" "$WORK/$tag.peak" &
  sampler=$!
  (sleep 15; executors "$SERVER" >"$WORK/$tag.pool.max") &
  dump2=$!
  echo "$label $(client 0 atelier "$BASE" "$MAX_N" 1 "$TOKEN" "$PROJECT" streamer)" >>"$RESULTS"
  wait "$dump1" "$dump2" || true
  kill "$sampler" 2>/dev/null || true
  echo "$label-peak $(cat "$WORK/$tag.peak")" >>"$RESULTS"
  echo "$label-pool $(cat "$WORK/$tag.pool.high") $(cat "$WORK/$tag.pool.max")" >>"$RESULTS"
  echo "$label-log-errors $(grep -c ' SEVERE \|Exception' "$WORK/$tag/server.log" || true)" >>"$RESULTS"
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
}

direct
for label in $ORDER; do # each build measured twice, in the order old new new old: neither gains from going last
  case $label in
    old) measure old "$OLD_JAR" "$OLD_ENV" ;;
    new) measure new "$NEW_JAR" "$NEW_ENV" ;;
  esac
done
cat "$RESULTS" >&2

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p bench/results
OUT="bench/results/streaming-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$RESULTS" "${OLD_JAR}${OLD_ENV:+ with $OLD_ENV}" "$CHUNKS" "$INTERVAL_MS" "$WORKERS" "$MAX_N" "$HIGH_N" "$ORDER" \
  "$LOAD_START" "$LOAD_END" >"$OUT" <<'PY'
import sys, os, platform
from collections import defaultdict
lines = [l.split() for l in open(sys.argv[1]) if l.strip()]
old_ref, chunks, interval, workers, max_n, high_n, order, load0, load1 = sys.argv[2:11]
runs = defaultdict(list)   # (label, n) -> one dict per measurement
extra = defaultdict(list)  # "old-peak" -> [fields, ...]
for l in lines:
    if len(l) == 11:  # label mode n rounds samples p50 p99 max finished errors seconds
        runs[(l[0], int(l[2]))].append(dict(samples=int(l[4]), p50=float(l[5]), p99=float(l[6]),
            max=float(l[7]), done=int(l[8]), errors=int(l[9]), secs=float(l[10])))
    else:
        extra[l[0]].append(l[1:])
def mean(label, n, key):
    r = runs.get((label, n), [])
    return sum(x[key] for x in r) / len(r) if r else float("nan")
def total(label, n, key):
    return sum(x[key] for x in runs.get((label, n), []))
print(f"Machine: {os.cpu_count()} cores, {platform.machine()}; provider: {chunks} chunks "
      f"{interval} ms apart per answer; ATELIER_RUNS_WORKERS={workers}; server -Xmx512m, H2; "
      f"old = {old_ref}, new = this build, measured in the order {order} in one run "
      f"(figures: mean over each build's measurements; added = Atelier minus direct). "
      f"Load average at the start {load0}, at the end {load1}.")
print()
print("| chats at once | direct p50 / p99 | old: added p50 / p99 | new: added p50 / p99 | "
      "added p50, old / new | added p99, old / new | errors old / new |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for n in sorted({k[1] for k in runs if k[0] == "direct"}):
    d50, d99 = mean("direct", n, "p50"), mean("direct", n, "p99")
    o50, o99 = max(0.0, mean("old", n, "p50") - d50), max(0.0, mean("old", n, "p99") - d99)
    w50, w99 = max(0.0, mean("new", n, "p50") - d50), max(0.0, mean("new", n, "p99") - d99)
    r50 = f"{o50 / w50:.1f}" if w50 > 0 else "-"
    r99 = f"{o99 / w99:.1f}" if w99 > 0 else "-"
    print(f"| {n} | {d50:.2f} / {d99:.2f} ms | {o50:.2f} / {o99:.2f} ms | {w50:.2f} / {w99:.2f} ms "
          f"| {r50} | {r99} | {total('old', n, 'errors')} / {total('new', n, 'errors')} |")
print()
print(f"| {max_n} chats at once | finished | errors | time | chunk p50 / p99 | peak RSS | peak threads "
      f"| default executor: threads (streams) at {high_n} / at {max_n} | stream pool threads at {max_n} |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
m = int(max_n)
for label in ("old", "new"):
    if not runs.get((label, m)):
        continue
    peaks = extra.get(label + "-peak", [])
    rss = max(int(p[0]) for p in peaks) // 1024 if peaks else 0
    thr = max(int(p[1]) for p in peaks) if peaks else 0
    pools = ["{} ({}) / {} ({})".format(*p[:2], *p[3:5]) for p in extra.get(label + "-pool", [])]
    own = [p[5] for p in extra.get(label + "-pool", [])]
    print(f"| {label} | {total(label, m, 'done')} | {total(label, m, 'errors')} "
          f"| {mean(label, m, 'secs'):.0f} s | {mean(label, m, 'p50'):.1f} / {mean(label, m, 'p99'):.1f} ms "
          f"| {rss} MiB | {thr} | {'; '.join(pools)} | {', '.join(own)} |")
print()
print("Server log lines with SEVERE or an exception: " + "; ".join(
    f"{k[:-11]} {', '.join(v[0] for v in vs)}" for k, vs in extra.items() if k.endswith("-log-errors")))
print()
print("Raw lines (label mode n rounds samples p50 p99 max finished errors seconds):")
print()
for l in lines:
    print("    " + " ".join(l))
PY
cat "$OUT"
