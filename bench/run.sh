#!/usr/bin/env bash
# Throughput of the public ceiling (GET /api/v1/config) beside the authenticated project list
# (GET /api/v1/projects?limit=20) with a JWT and with an API key: same server, same run.
#
#   bench/run.sh      # builds atelier.jar if missing; DURATION=20 ROUNDS=3 CONNECTIONS=32 WARMUP=10
#
# Needs wrk (apt-get install wrk), python3 and curl. Prints a Markdown table with ratios to the
# ceiling and writes it to bench/results/<timestamp>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-10}
PORT=${PORT:-18080}
JAR=distribution/target/atelier.jar
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 1; }
[ -f "$JAR" ] || ./mvnw -q -B -DskipTests package

WORK=$(mktemp -d "${TMPDIR:-/tmp}/atelier-bench.XXXXXX")
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# Limits far above what the load reaches: the limiter still runs on every request.
export ATELIER_DATA_DIR="$WORK/data"
export ATELIER_RATE_LIMIT_DEFAULT_PER_MINUTE=100000000
export ATELIER_RATE_LIMIT_ANONYMOUS_PER_MINUTE=100000000
START=$(date +%s%N)
java -Xmx512m -Djava.io.tmpdir="$WORK" -jar "$JAR" --nocluster --port "$PORT" \
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

mkdir -p bench/results
OUT="bench/results/$(date -u +%Y%m%dT%H%M%SZ).md"
ROUNDS=$ROUNDS python3 - "$R1" "$R2" "$R3" "$READY_MS" "$RSS_START_KB" "$RSS_END_KB" "$DURATION" "$CONNECTIONS" "$THREADS" >"$OUT" <<'PY'
import sys, platform, os
rows = [r.split() for r in sys.argv[1:4]]
ready, rss0, rss1, dur, conns, threads = sys.argv[4:10]
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
         "projects-apikey": "GET /api/v1/projects?limit=20, API key"}
for name, rps, p50, p99, non2xx in rows:
    print(f"| {names[name]} | {float(rps):,.0f} | {float(rps)/ceiling:.2f} | {p50} | {p99} | {non2xx} |")
print()
print(f"Time to ready: {int(ready)/1000:.1f} s. RSS after start: {int(rss0)//1024} MiB; "
      f"after the run: {int(rss1)//1024} MiB.")
PY
cat "$OUT"
