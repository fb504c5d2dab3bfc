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
. distribution/src/dist/bin/jdk.sh
atelier_java_home
DURATION=${DURATION:-10}
PG=${PG:-"-h 127.0.0.1 -U postgres"}
M2=${M2:-$HOME/.m2/repository}
H2_VERSION=$(sed -n 's:.*<h2.version>\(.*\)</h2.version>.*:\1:p' pom.xml)
PG_VERSION=$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' pom.xml)
CP="$M2/com/h2database/h2/$H2_VERSION/h2-$H2_VERSION.jar:$M2/org/postgresql/postgresql/$PG_VERSION/postgresql-$PG_VERSION.jar"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/atelier-metering.XXXXXX")
DB=atelier_bench_metering_$$
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
OUT=bench/results/metering-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# Metering charge path, $(date -u +%Y-%m-%d), ${DURATION} s per case"
  echo
  "$JAVA_HOME/bin/javac" -d "$WORK/classes" bench/db/ChargeBench.java bench/db/Schema.java
  "$JAVA_HOME/bin/java" -cp "$WORK/classes:$CP" ChargeBench \
    core/src/main/resources/db/migration "$DURATION" "H2=$H2_URL" "PostgreSQL=$PG_URL"
} | tee "$OUT"
echo "written to $OUT" >&2
