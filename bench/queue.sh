#!/usr/bin/env bash
# The durable run queue: RUNS runs queued at once in PostgreSQL, drained by 1 node, then by 2
# nodes, then by 2 nodes of which one is killed (SIGKILL) a third of the way through; a fresh
# database for each, and a fake model provider (bench/FakeModel.java) that answers at once and
# logs the input of every request. The runs are queued in bulk: one INSERT of RUNS rows like those
# POST /api/v1/runs writes, committed at once, so the drain is measured alone; one run first goes
# through the API to check the agent and the provider. Checks from the database and the fake's log
# that every run succeeded and its input was seen exactly once (in the kill case: at most once
# more for the runs that were in a step on the killed node, each of which shows attempts = 2).
#
#   bench/queue.sh      # RUNS=10000 WORKERS=4 KILL=1 (KILL=0 skips the kill case)
#   CASES="platform virtual virtual platform" bench/queue.sh   # one node, run workers on platform
#                       # or virtual threads (ATELIER_THREADS_VIRTUAL), each twice, in that order
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, no password) with psql, python3 and curl.
# Prints a Markdown table and writes it to bench/results/queue-<timestamp>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. distribution/src/dist/bin/jdk.sh
atelier_java_home
JAVA="$JAVA_HOME/bin/java"
RUNS=${RUNS:-10000}
WORKERS=${WORKERS:-4}
KILL=${KILL:-1}
CASES=${CASES:-one two kill} # a subset, e.g. CASES=one
PG=${PG:-"-h 127.0.0.1 -U postgres"}
JAR=${JAR:-distribution/target/atelier.jar}
command -v psql >/dev/null || { echo "psql is required" >&2; exit 1; }
[ -f "$JAR" ] || ./mvnw -q -B -DskipTests package

WORK=$(mktemp -d "${TMPDIR:-/tmp}/atelier-queue.XXXXXX")
PIDS=()
DBS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  for d in "${DBS[@]}"; do psql $PG -q -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

sql() { psql $PG -d "$1" -At -v ON_ERROR_STOP=1 -c "$2"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
MASTER_KEY=$(head -c 32 /dev/urandom | base64)

start_node() { # name, port, db, virtual threads (auto, true, false) -> pid in PIDS
  local dir="$WORK/$1"
  mkdir -p "$dir/tmp"
  ATELIER_THREADS_VIRTUAL="${4:-auto}" \
  ATELIER_DB_URL="jdbc:postgresql://127.0.0.1:5432/$3" ATELIER_DB_USER=postgres \
  ATELIER_MASTER_KEY="$MASTER_KEY" ATELIER_DATA_DIR="$dir/data" ATELIER_RUNS_WORKERS="$WORKERS" \
  ATELIER_RUNS_LEASE_SECONDS=5 ATELIER_OUTBOUND_ALLOW_PRIVATE=true \
  ATELIER_RATE_LIMIT_RUNS_PER_MINUTE=100000 ATELIER_RATE_LIMIT_DEFAULT_PER_MINUTE=100000 \
    "$JAVA" -Xmx768m -Djava.io.tmpdir="$dir/tmp" -jar "$JAR" --nocluster --port "$2" \
    --rootdir "$dir/payara" >"$dir/server.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$1=$!"
}

wait_ready() { # port, pid
  until curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null; do
    kill -0 "$2" 2>/dev/null || { echo "a node did not start" >&2; exit 1; }
    sleep 0.5
  done
}

free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"; }

# one case: name, nodes, kill (0/1), virtual threads -> $WORK/<name>.result, a line
# "name nodes workers ... checks"
run_case() {
  local name=$1 nodes=$2 kill=$3 virtual=${4:-auto}
  local db="atelier_bench_${name}_$$"
  DBS+=("$db")
  psql $PG -q -d postgres -c "CREATE DATABASE $db"
  local fport; fport=$(free_port)
  "$JAVA" bench/FakeModel.java "$fport" "$WORK/$name.seen" >"$WORK/$name.fake.log" 2>&1 &
  local fpid=$!
  PIDS+=("$fpid")
  local ports=() pids=()
  local n
  for n in $(seq 1 "$nodes"); do
    local p; p=$(free_port)
    start_node "${name}_$n" "$p" "$db" "$virtual"
    ports+=("$p")
    local v="PID_${name}_$n"
    pids+=("${!v}")
  done
  for i in "${!ports[@]}"; do wait_ready "${ports[$i]}" "${pids[$i]}"; done
  until curl -s -o /dev/null "http://127.0.0.1:$fport/v1/flush"; do sleep 0.2; done
  local base="http://127.0.0.1:${ports[0]}"
  local email="bench-$name-$(date +%s)@example.test"
  curl -sf -X POST "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"bench passphrase 123\",\"name\":\"Bench\"}" >/dev/null
  local token
  token=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"bench passphrase 123\"}" | json "['access_token']")
  curl -sf -X PUT "$base/api/v1/model-providers/openai/credentials" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"api_key\":\"bench\",\"base_url\":\"http://127.0.0.1:$fport/v1\"}" >/dev/null
  curl -sf -X POST "$base/api/v1/agents" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' \
    -d '{"format":"yaml","content":"name: bench\ndescription: queue benchmark\nmodel: openai:fake\ninstructions: Answer.\ntools: []\nmax_steps: 2\n"}' >/dev/null
  local smoke
  smoke=$(curl -sf -X POST "$base/api/v1/runs" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"agent":"bench","message":"smoke"}' | json "['run_id']")
  until [ "$(curl -sf "$base/api/v1/runs/$smoke" -H "Authorization: Bearer $token" | json "['status']")" = succeeded ]; do
    sleep 0.2
  done

  # the queue, in one transaction: nothing is claimable before it commits
  local t0
  t0=$(sql "$db" "INSERT INTO runs (id, tenant_id, agent_name, trigger_kind, status, input, cost,
      created_by, created_at, updated_at)
    SELECT gen_random_uuid()::text, r.tenant_id, 'bench', 'api', 'queued', 'bench run ' || i, 0,
      r.created_by, clock_timestamp(), clock_timestamp()
    FROM runs r, generate_series(1, $RUNS) i WHERE r.id = '$smoke';
    SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')" | tail -1)
  local killed=0
  if [ "$kill" = 1 ]; then
    until [ "$(sql "$db" "SELECT count(*) FROM runs WHERE status = 'succeeded'")" -ge $((RUNS / 3)) ]; do
      sleep 0.1
    done
    kill -9 "${pids[1]}"
    killed=1
  fi
  local deadline=$((SECONDS + 1800))
  until [ "$(sql "$db" "SELECT count(*) FROM runs WHERE status IN ('queued', 'running')")" = 0 ]; do
    [ $SECONDS -lt $deadline ] || { echo "the queue did not drain" >&2; exit 1; }
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$fport/v1/flush" >/dev/null
  sql "$db" "SELECT input, status, attempts, (SELECT count(*) FROM run_steps s WHERE s.run_id = r.id)
    FROM runs r WHERE input LIKE 'bench run %'" >"$WORK/$name.runs"
  local seconds
  seconds=$(sql "$db" "SELECT EXTRACT(EPOCH FROM max(finished_at) - TIMESTAMP WITH TIME ZONE '$t0+00')
    FROM runs WHERE input LIKE 'bench run %'")
  local retries # model calls sent again after a failure before any answer (logged by the nodes)
  retries=$(cat "$WORK/${name}_"*/server.log | grep -c 'trying again' || true)
  python3 - "$name" "$nodes" "$WORKERS" "$RUNS" "$seconds" "$killed" \
    "$WORK/$name.runs" "$WORK/$name.seen" "$retries" >"$WORK/$name.result" <<'PY'
import sys, collections
name, nodes, workers, runs, seconds, killed, runs_file, seen_file, retries = sys.argv[1:]
retries = int(retries)
runs, seconds, killed, workers = int(runs), float(seconds), killed == "1", int(workers)
rows = [l.split("|") for l in open(runs_file).read().splitlines() if l]
seen = collections.Counter(l for l in open(seen_file).read().splitlines() if l.startswith("bench run "))
status = collections.Counter(r[1] for r in rows)
retried = {r[0] for r in rows if int(r[2]) > 1}
twice = {k for k, v in seen.items() if v == 2}
problems = []
if len(rows) != runs or status["succeeded"] != runs:
    problems.append(f"{len(rows)} runs, {dict(status)}")
if any(int(r[3]) != 1 for r in rows):
    problems.append("a run without exactly one step")
missing = runs - len(seen)
if missing:
    problems.append(f"{missing} inputs never seen")
if any(v > 2 for v in seen.values()):
    problems.append("an input seen more than twice")
# an input seen twice is a run executed twice (attempts > 1: taken over after the kill) or a model
# call the node sent again after a transport failure before any answer (logged as a retry)
if not killed and (len(twice) > retries or retried):
    problems.append(f"{len(twice)} inputs seen twice, {retries} retries, {len(retried)} runs with attempts > 1")
if killed and (len(twice) > len(retried) + retries or len(retried) > workers):
    problems.append(f"seen twice {len(twice)} not within attempts > 1 {len(retried)} + retries {retries}")
for t in sorted(twice):
    print(f"{name}: seen twice: {t}", file=sys.stderr)
print(name, nodes, workers, runs, f"{seconds:.1f}", f"{runs / seconds:.0f}",
      status["succeeded"], len(twice), retries, len(retried),
      "ok" if not problems else "FAILED:" + ";".join(problems).replace(" ", "_"))
PY
  for p in "${pids[@]}" "$fpid"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  psql $PG -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
}

RESULTS=()
case_no=0
for c in $CASES; do
  case_no=$((case_no + 1))
  case $c in
    one) run_case one 1 0 ;;
    two) run_case two 2 0 ;;
    kill) [ "$KILL" = 1 ] && run_case kill 2 1 ;;
    platform) run_case "platform$case_no" 1 0 false ;;
    virtual) run_case "virtual$case_no" 1 0 true ;;
    *) echo "unknown case $c" >&2; exit 1 ;;
  esac
done
for f in "$WORK"/*.result; do RESULTS+=("$(cat "$f")"); done

mkdir -p bench/results
OUT="bench/results/queue-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "${RESULTS[@]}" >"$OUT" <<'PY'
import re, sys, os, platform
order = {"one": 0, "two": 1, "kill": 2}
rows = sorted((r.split() for r in sys.argv[1:] if r),
              key=lambda r: (order.get(r[0], 3), int(re.sub(r"\D", "", r[0]) or 0)))
base = float(rows[0][5])
print(f"Machine: {os.cpu_count()} cores, {platform.machine()}; PostgreSQL on the same machine; "
      f"{rows[0][3]} runs queued at once, each one model call answered at once by the fake.")
print()
print("| case | nodes × workers | drained in | runs/s | ratio to 1 node | succeeded | input seen twice | model-call retries | attempts > 1 | checks |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
labels = {"one": "1 node", "two": "2 nodes", "kill": "2 nodes, one killed at 1/3"}
def label(name):
    kind, number = re.sub(r"\d", "", name), re.sub(r"\D", "", name)
    return labels.get(kind, f"1 node, {kind} threads (#{number})")
for name, nodes, workers, runs, seconds, rate, ok, twice, retries, retried, verdict in rows:
    print(f"| {label(name)} | {nodes} × {workers} | {seconds} s | {rate} | {float(rate)/base:.2f} | "
          f"{ok} of {runs} | {twice} | {retries} | {retried} | {verdict} |")
PY
cat "$OUT"
! grep -q FAILED "$OUT"
