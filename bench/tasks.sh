#!/usr/bin/env bash
# The task queue's claim at the database (bench/db/ClaimBench.java): the query a worker runs at
# each poll for the oldest queued tasks, with the lane condition of ADR 0030 (the core's own
# TaskLanes) beside the same query without it, on H2 and PostgreSQL side by side in one run, on a
# table of FINISHED ended tasks with git tasks running, waiting and queued behind them.
#
#   bench/tasks.sh                            # FINISHED=200000 ended tasks, ROUNDS=2000 per query
#   PG_URL=... bench/tasks.sh                 # another PostgreSQL (default: 127.0.0.1:5432)
#
# Needs a JDK 21+, core built (./mvnw -pl core -am install -DskipTests), the H2 and PostgreSQL
# drivers in ~/.m2 and PostgreSQL (psql to create the scratch database).
# Writes bench/results/tasks-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. distribution/src/dist/bin/jdk.sh
atelier_java_home
ROUNDS=${ROUNDS:-2000}
FINISHED=${FINISHED:-200000}
PG=${PG:-"-h 127.0.0.1 -U postgres"}
M2=${M2:-$HOME/.m2/repository}
H2_VERSION=$(sed -n 's:.*<h2.version>\(.*\)</h2.version>.*:\1:p' pom.xml)
PG_VERSION=$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' pom.xml)
CP="core/target/classes:$M2/com/h2database/h2/$H2_VERSION/h2-$H2_VERSION.jar:$M2/org/postgresql/postgresql/$PG_VERSION/postgresql-$PG_VERSION.jar"
[ -f core/target/classes/dev/atelier/core/tasks/TaskLanes.class ] || {
  echo "build core first: ./mvnw -pl core -am install -DskipTests" >&2
  exit 1
}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/atelier-tasks.XXXXXX")
DB=atelier_bench_tasks_$$
cleanup() {
  psql $PG -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
psql $PG -q -d postgres -c "CREATE DATABASE $DB"
PG_URL=${PG_URL:-"jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres"}
# H2 as the server runs it: a file database in the server's mode
H2_URL="jdbc:h2:file:$WORK/h2/atelier;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;USER=atelier;PASSWORD="
mkdir -p bench/results
OUT=bench/results/tasks-$(date -u +%Y%m%dT%H%M%SZ).md
"$JAVA_HOME/bin/javac" -cp "$CP" -d "$WORK/classes" bench/db/ClaimBench.java bench/db/Schema.java
{
  echo "# Task claim query, $(date -u +%Y-%m-%d), $FINISHED ended tasks, $ROUNDS rounds"
  echo
  "$JAVA_HOME/bin/java" -cp "$WORK/classes:$CP" ClaimBench \
    core/src/main/resources/db/migration "$ROUNDS" "$FINISHED" "H2=$H2_URL" "PostgreSQL=$PG_URL"
} | tee "$OUT"
echo "written to $OUT" >&2
