# Sourced by the benchmarks at the database (bench/metering.sh, bench/tasks.sh) from the project's
# root with NAME set: finds the JDK, sets CP (the H2 and PostgreSQL drivers in ~/.m2), WORK (a
# temporary folder), PG_URL (a scratch PostgreSQL database, dropped at exit) and H2_URL (a file
# database as the server embeds it), and OUT (the results file).
. distribution/src/dist/bin/jdk.sh
atelier_java_home
PG=${PG:-"-h 127.0.0.1 -U postgres"}
M2=${M2:-$HOME/.m2/repository}
H2_VERSION=$(sed -n 's:.*<h2.version>\(.*\)</h2.version>.*:\1:p' pom.xml)
PG_VERSION=$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' pom.xml)
CP="$M2/com/h2database/h2/$H2_VERSION/h2-$H2_VERSION.jar:$M2/org/postgresql/postgresql/$PG_VERSION/postgresql-$PG_VERSION.jar"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/atelier-$NAME.XXXXXX")
DB=atelier_bench_${NAME}_$$
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
OUT=bench/results/$NAME-$(date -u +%Y%m%dT%H%M%SZ).md
