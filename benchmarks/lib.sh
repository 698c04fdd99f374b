# Shared by the benchmark scripts (sourced, needs $here and $root): the busy-machine warning, quiet Maven,
# the local repository and the installed runtime jar, the sedona-parent stub POM that Maven Central lacks, file
# arguments made absolute, Spark's Java 17 flags, and one engine JVM run with its log.

# Before a script adds load of its own: other busy processes make every engine slower and noisier.
warn_if_busy() {
  local load cores
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
  cores=$(nproc 2>/dev/null || echo 1)
  if awk -v l="$load" -v c="$cores" 'BEGIN { exit !(l > c / 2) }'; then
    echo "WARNING: the machine is busy (1-minute load average $load on $cores cores): timings will be slower and noisier." >&2
  fi
}

# Maven, quiet unless it fails.
mvn_q() {
  local log rc=0
  log=$(mktemp)
  mvn -q -B "$@" > "$log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || { cat "$log" >&2; echo "ERROR: mvn $* failed" >&2; }
  rm -f "$log"
  return "$rc"
}

repo="${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}"

# Sedona's POM names a parent that Maven Central lacks: install the stub once.
install_sedona_parent_stub() {
  if [ ! -f "$repo/org/apache/sedona/sedona-parent/1.8.1/sedona-parent-1.8.1.pom" ]; then
    echo "Installing the sedona-parent:1.8.1 stub POM into the local Maven repository..." >&2
    mvn_q -f "$here/pom.xml" org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file \
      -Dfile="$here/stub/sedona-parent-1.8.1.pom" -DpomFile="$here/stub/sedona-parent-1.8.1.pom" -Dpackaging=pom
  fi
}

# The installed GeoStream runtime jar (mvn install at the repository root puts it there).
installed_runtime="$repo/org/geostream/geostream-spark-runtime/0.1.0-SNAPSHOT/geostream-spark-runtime-0.1.0-SNAPSHOT.jar"

# The absolute path of a file argument (its directory must exist).
abs_file() {
  echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

# The JVM flags Spark needs on Java 17: the root POM's spark.java17.opens.
spark_opens() {
  sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' "$root/pom.xml"
}

# One engine JVM: run_engine NAME LOG "JVM OPTIONS" CLASSPATH MAIN-CLASS ARGS...; its stderr goes to LOG. Returns
# the JVM's exit status; when it fails, the last lines of LOG are shown.
run_engine() {
  local name=$1 log=$2 jvm_opts=$3 cp=$4 rc=0 t0
  shift 4
  echo "== $name (log: $log; load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  t0=$(date +%s)
  # shellcheck disable=SC2046,SC2086  # the opens and the JVM options are lists of flags
  java $(spark_opens) $jvm_opts -cp "$cp" "$@" 2> "$log" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "ERROR: the $name JVM failed; last lines of its log:" >&2
    tail -20 "$log" >&2
  fi
  echo "== $name done in $(( $(date +%s) - t0 )) s" >&2
  return "$rc"
}
