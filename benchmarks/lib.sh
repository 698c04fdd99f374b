# Shared by the benchmark scripts (sourced, needs $here and $root): the busy-machine warning, quiet Maven,
# the local repository, and the sedona-parent stub POM that Maven Central lacks.

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
