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
ROUNDS=${ROUNDS:-2000}
FINISHED=${FINISHED:-200000}
[ -f core/target/classes/dev/atelier/core/tasks/TaskLanes.class ] || {
  echo "build core first: ./mvnw -pl core -am install -DskipTests" >&2
  exit 1
}
NAME=tasks
. bench/db/databases.sh
"$JAVA_HOME/bin/javac" -cp "core/target/classes:$CP" -d "$WORK/classes" bench/db/ClaimBench.java bench/db/Schema.java
{
  echo "# Task claim query, $(date -u +%Y-%m-%d), $FINISHED ended tasks, $ROUNDS rounds"
  echo
  "$JAVA_HOME/bin/java" -cp "$WORK/classes:core/target/classes:$CP" ClaimBench \
    core/src/main/resources/db/migration "$ROUNDS" "$FINISHED" "H2=$H2_URL" "PostgreSQL=$PG_URL"
} | tee "$OUT"
echo "written to $OUT" >&2
