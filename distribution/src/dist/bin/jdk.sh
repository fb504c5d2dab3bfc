# Finds a JDK of Java 21 or newer for Atelier; sourced by mvnw, .ci/run and bin/atelier (POSIX sh).
#
# atelier_java_home: keeps JAVA_HOME when it is a JDK 21+; otherwise takes the `java` on PATH when
# it is 21+; otherwise the newest 21+ JDK in the system's JVM directories (/usr/lib/jvm,
# /usr/java, /opt/java, macOS's /Library/Java/JavaVirtualMachines, SDKMAN's candidates). It exports
# JAVA_HOME and returns 0, or prints one line saying what is missing and returns 1.

ATELIER_MIN_JAVA=21

# The feature version (17, 21, 25…) of the JDK at $1, or nothing.
atelier_java_feature() {
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  # JDK 8 and older say 1.x
  [ "$v" = 1 ] && v=8
  printf '%s' "$v"
}

atelier_java_home() {
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(atelier_java_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$ATELIER_MIN_JAVA" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p' | head -n 1)
    v=$(atelier_java_feature "$home")
    if [ -n "$v" ] && [ "$v" -ge "$ATELIER_MIN_JAVA" ]; then
      JAVA_HOME=$home
      export JAVA_HOME
      return 0
    fi
  fi
  best=
  best_v=0
  case $- in *f*) atelier_noglob=1 ;; *) atelier_noglob= ;; esac
  set +f
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
    "${SDKMAN_CANDIDATES_DIR:-$HOME/.sdkman/candidates}"/java/*; do
    [ -d "$home" ] || continue
    v=$(atelier_java_feature "$home")
    if [ -n "$v" ] && [ "$v" -ge "$ATELIER_MIN_JAVA" ] && [ "$v" -gt "$best_v" ]; then
      best=$home
      best_v=$v
    fi
  done
  [ -n "$atelier_noglob" ] && set -f
  if [ -n "$best" ]; then
    JAVA_HOME=$best
    export JAVA_HOME
    return 0
  fi
  echo "Atelier needs a JDK $ATELIER_MIN_JAVA or newer: set JAVA_HOME to one (found ${JAVA_HOME:-no JAVA_HOME} and $(command -v java || echo 'no java on PATH'))." >&2
  return 1
}
