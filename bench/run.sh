#!/usr/bin/env bash
# Throughput of the public ceiling (GET /api/v1/config) beside the authenticated project list
# (GET /api/v1/projects?limit=20) with a JWT and with an API key: same server, same run. Then the
# same list on a peer built the way comparable servers are (bench/peers/fastapi: FastAPI, uvicorn
# with uvloop and 2 workers, PyJWT ES256, SQLite), measured the same way in the same run.
#
#   bench/run.sh      # builds atelier.jar if missing; DURATION=20 ROUNDS=3 CONNECTIONS=32 WARMUP=10
#                     # PEER=0 leaves the peer out
#
# Needs wrk (apt-get install wrk), python3 and curl; the peer needs Debian's python3-fastapi
# python3-uvicorn python3-uvloop python3-httptools python3-jwt. Prints a Markdown table with ratios
# to the ceiling and writes it to bench/results/<timestamp>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. distribution/src/dist/bin/jdk.sh
atelier_java_home
JAVA="$JAVA_HOME/bin/java"
PEER=${PEER:-1}
PEER_PORT=${PEER_PORT:-18500}
PEER_PYTHON=${PEER_PYTHON:-/usr/bin/python3}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-10}
PORT=${PORT:-18080}
JAR=distribution/target/atelier.jar
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 1; }
[ -f "$JAR" ] || ./mvnw -q -B -DskipTests package

WORK=$(mktemp -d "${TMPDIR:-/tmp}/atelier-bench.XXXXXX")
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait "${PID:-}" 2>/dev/null || true
  [ -n "${PEER_PID:-}" ] && kill "$PEER_PID" 2>/dev/null; wait "${PEER_PID:-}" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Limits far above what the load reaches: the limiter still runs on every request.
export ATELIER_DATA_DIR="$WORK/data"
export ATELIER_RATE_LIMIT_DEFAULT_PER_MINUTE=100000000
export ATELIER_RATE_LIMIT_ANONYMOUS_PER_MINUTE=100000000
START=$(date +%s%N)
"$JAVA" -Xmx512m -Djava.io.tmpdir="$WORK" -jar "$JAR" --nocluster --port "$PORT" \
  --rootdir "$WORK/payara" >"$WORK/server.log" 2>&1 &
PID=$!
BASE="http://127.0.0.1:$PORT"
until curl -sf "$BASE/health/ready" >/dev/null; do
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.2
done
READY_MS=$(( ($(date +%s%N) - START) / 1000000 ))
RSS_START_KB=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
EMAIL="bench-$(date +%s)@example.test"
curl -sf -X POST "$BASE/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"bench passphrase 123\",\"name\":\"Bench\"}" >/dev/null
TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"bench passphrase 123\"}" | json "['access_token']")
KEY=$(curl -sf -X POST "$BASE/api/v1/api-keys" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"bench","role":"viewer"}' | json "['key']")
for i in $(seq 1 25); do
  curl -sf -X POST "$BASE/api/v1/projects" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"name\":\"Project $i\",\"description\":\"bench\"}" >/dev/null
done

ROUNDS=${ROUNDS:-3}
CONFIG=(config /api/v1/config)
JWT=(projects-jwt "/api/v1/projects?limit=20" "Authorization: Bearer $TOKEN")
APIKEY=(projects-apikey "/api/v1/projects?limit=20" "X-API-Key: $KEY")

wrk_args() { # path, header... -> wrk arguments
  local path=$1; shift
  local args=()
  for h in "$@"; do args+=(-H "$h"); done
  printf '%s\0' "${args[@]}" "$BASE$path"
}

measure() { # seconds, outfile, name, path, header...
  local seconds=$1 out=$2; shift 3
  local -a args
  mapfile -d '' args < <(wrk_args "$@")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency "${args[@]}" >"$out"
}

# Warm every endpoint first (the JIT compiles what all three share), then measure them in turn,
# ROUNDS times, so no endpoint profits from running last.
for e in CONFIG JWT APIKEY; do
  declare -n ep=$e
  measure "$WARMUP" /dev/null "${ep[@]}"
done
for round in $(seq 1 "$ROUNDS"); do
  for e in CONFIG JWT APIKEY; do
    declare -n ep=$e
    measure "$DURATION" "$WORK/${ep[0]}.$round.txt" "${ep[@]}"
  done
done

summary() { # name -> "name mean_rps p50 p99 non2xx" (p50/p99 of the last round)
  local name=$1 sum=0 n=0 rps
  for f in "$WORK/$name".*.txt; do
    rps=$(awk '/Requests\/sec/ {print $2}' "$f")
    sum=$(python3 -c "print($sum + $rps)"); n=$((n + 1))
  done
  local last="$WORK/$name.$ROUNDS.txt" non2xx
  non2xx=$(cat "$WORK/$name".*.txt | awk '/Non-2xx/ {s += $5} END {print s + 0}')
  echo "$name $(python3 -c "print($sum / $n)") $(awk '$1=="50%" {print $2}' "$last") $(awk '$1=="99%" {print $2}' "$last") $non2xx"
}
R1=$(summary config)
R2=$(summary projects-jwt)
R3=$(summary projects-apikey)
RSS_END_KB=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")

# The peer, with Atelier stopped so that each has the machine to itself while measured.
R4="peer 0 - - 0"
if [ "$PEER" = 1 ]; then
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  "$PEER_PYTHON" bench/peers/fastapi/app.py setup "$WORK/peer"
  "$PEER_PYTHON" bench/peers/fastapi/app.py serve "$WORK/peer" "$PEER_PORT" >"$WORK/peer.log" 2>&1 &
  PEER_PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PEER_PORT/api/v1/projects" \
      -H "Authorization: Bearer $(cat "$WORK/peer/token")"; do
    kill -0 "$PEER_PID" 2>/dev/null || { cat "$WORK/peer.log"; exit 1; }
    sleep 0.2
  done
  BASE="http://127.0.0.1:$PEER_PORT"
  PEERP=(peer "/api/v1/projects?limit=20" "Authorization: Bearer $(cat "$WORK/peer/token")")
  measure "$WARMUP" /dev/null "${PEERP[@]}"
  for round in $(seq 1 "$ROUNDS"); do
    measure "$DURATION" "$WORK/peer.$round.txt" "${PEERP[@]}"
  done
  R4=$(summary peer)
fi

mkdir -p bench/results
OUT="bench/results/$(date -u +%Y%m%dT%H%M%SZ).md"
ROUNDS=$ROUNDS python3 - "$R1" "$R2" "$R3" "$R4" "$READY_MS" "$RSS_START_KB" "$RSS_END_KB" "$DURATION" "$CONNECTIONS" "$THREADS" >"$OUT" <<'PY'
import sys, platform, os
rows = [r.split() for r in sys.argv[1:5]]
ready, rss0, rss1, dur, conns, threads = sys.argv[5:11]
ceiling = float(rows[0][1])
rounds = os.environ.get("ROUNDS", "3")
print(f"Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.platform()}; "
      f"wrk {threads} threads, {conns} connections; each endpoint warmed up, then measured "
      f"{rounds} x {dur} s in turn (req/s is the mean; p50/p99 from the last round).")
print()
print("| endpoint | req/s | ratio to ceiling | p50 | p99 | non-2xx |")
print("|---|---:|---:|---:|---:|---:|")
names = {"config": "GET /api/v1/config (public ceiling)",
         "projects-jwt": "GET /api/v1/projects?limit=20, JWT",
         "projects-apikey": "GET /api/v1/projects?limit=20, API key",
         "peer": "peer (FastAPI + uvicorn, 2 workers): the same list, JWT"}
for name, rps, p50, p99, non2xx in rows:
    if float(rps) == 0:
        continue
    print(f"| {names[name]} | {float(rps):,.0f} | {float(rps)/ceiling:.2f} | {p50} | {p99} | {non2xx} |")
print()
if float(rows[3][1]) > 0:
    print(f"Atelier's JWT list / the peer's: {float(rows[1][1]) / float(rows[3][1]):.2f}; "
          f"API-key list / the peer's: {float(rows[2][1]) / float(rows[3][1]):.2f}.")
    print()
print(f"Time to ready: {int(ready)/1000:.1f} s. RSS after start: {int(rss0)//1024} MiB; "
      f"after the run: {int(rss1)//1024} MiB.")
PY
cat "$OUT"
