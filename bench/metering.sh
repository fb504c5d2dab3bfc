#!/usr/bin/env bash
# The metering charge path at the database (bench/db/ChargeBench.java): charges per second
# of one model call's ledger transaction — the workspace's credit_accounts row locked, the ledger
# searched for the call's reference, one credit_entries row appended, the balance moved — on the
# embedded H2 and on PostgreSQL side by side in one run, with 1 and 8 threads on one workspace and
# 8 threads on 8 workspaces. The tables are the core's own migrations. Checks at the end that every
# balance is its ledger's sum.
#
#   bench/metering.sh             # DURATION=10 s per case and database (after 2 s of warm-up)
#   PG_URL=... bench/metering.sh  # another PostgreSQL (default: 127.0.0.1:5432, user postgres)
#
# Needs a JDK 21+, the H2 and PostgreSQL drivers in ~/.m2 (a build of the project fetches them),
# and PostgreSQL (psql to create the scratch database). Writes bench/results/metering-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
NAME=metering
. bench/db/databases.sh
{
  echo "# Metering charge path, $(date -u +%Y-%m-%d), ${DURATION} s per case"
  echo
  "$JAVA_HOME/bin/javac" -d "$WORK/classes" bench/db/ChargeBench.java bench/db/Schema.java
  "$JAVA_HOME/bin/java" -cp "$WORK/classes:$CP" ChargeBench \
    core/src/main/resources/db/migration "$DURATION" "H2=$H2_URL" "PostgreSQL=$PG_URL"
} | tee "$OUT"
echo "written to $OUT" >&2
