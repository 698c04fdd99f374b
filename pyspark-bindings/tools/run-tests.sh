#!/usr/bin/env bash
# Runs the pytest suite of the geostream Python package against real PySpark (tools/python-env.sh's
# virtualenv) and a runtime jar: the one given, else geo-runtime/target's. Run by `mvn verify`
# (pom.xml); extra arguments go to pytest. Skipped tests count as failures here.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
jar=${1:-}
[ $# -gt 0 ] && shift
if [ -z "$jar" ]; then
  jar=$(ls "$root"/geo-runtime/target/geostream-spark-runtime-*.jar 2>/dev/null | grep -v '/original-' | head -1 || true)
fi
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "Cannot run the Python tests: no runtime jar: '${jar}': run mvn package first" >&2
  exit 1
fi
python=$("$root/tools/python-env.sh" | tail -1)
export GEOSTREAM_RUNTIME_JAR="$jar" GEOSTREAM_NO_SKIPS=1
cd "$here"
exec "$python" -m pytest -q "$@"
