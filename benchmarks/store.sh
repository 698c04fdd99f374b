#!/usr/bin/env bash
# The fs store benchmark: ingest rate (Spark and a plain GeoTools writer) and query pruning of a
# bounding box + one-hour query against a full scan, then Apache Sedona reading the same GeoParquet files
# with the same query. One JVM per engine, one after the other; prints the table and writes it to
# benchmarks/results/store-latest.md.
#
#   benchmarks/store.sh [--rebuild | --geostream-jar FILE] [--results DIR] [--data DIR] [--keep-data] [options]
#
#   --rebuild            build and install GeoStream (mvn install at the repository root) first; without it
#                        the installed org.geostream:geostream-spark-runtime is used, built only when missing
#   --geostream-jar FILE measure this GeoStream runtime jar instead of the installed artifact
#   --results DIR        where the JSON files, logs and store-latest.md go (default benchmarks/results)
#   --data DIR           the stores are written to DIR/geostream-store-bench (default DIR: benchmarks/target),
#                        about 1.5 GB at 10 million points; removed at the end unless --keep-data
#   options  --points N (10000000)  --writer-points N (2000000)  --schemes 'daily,z2-8bit;hourly,z2-8bit'
#            --row-group-rows N (50000)  --partitions N (4)  --master M (local[2])  --seed N (20261101)
#            --warmups N (1)  --runs N (5)  --budget-s S (30)
#
# Environment: JAVA_OPTS_STORE (default -Xmx10g) for both JVMs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/lib.sh"
results="$here/results"
data_parent="$here/target"

rebuild=false
keep=false
geostream_jar=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild) rebuild=true; shift ;;
    --keep-data) keep=true; shift ;;
    --geostream-jar) geostream_jar=$(abs_file "$2"); shift 2 ;;
    --results) mkdir -p "$2"; results=$(cd "$2" && pwd); shift 2 ;;
    --data) mkdir -p "$2"; data_parent=$(cd "$2" && pwd); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
# The stores go to a directory of their own, which the script owns: emptied by each scheme, removed at the end.
data="$data_parent/geostream-store-bench"
[ -z "$geostream_jar" ] || [ -f "$geostream_jar" ] \
  || { echo "Cannot run the store benchmark: GeoStream jar not found: $geostream_jar" >&2; exit 2; }

warn_if_busy

"$root/tools/ensure-build-tools.sh"

# 1. Sedona's POM names a parent that Maven Central lacks: install the stub once (as run.sh does).
install_sedona_parent_stub

# 2. GeoStream itself, from the local Maven repository (unless a jar is given). The store harness compiles
#    against the installed artifact, so it is installed even when another jar is measured.
runtime="$installed_runtime"
if $rebuild || [ ! -f "$runtime" ]; then
  echo "Building and installing GeoStream (mvn install at $root)..." >&2
  (cd "$root" && mvn_q -Dmaven.test.skip=true install)
elif [ -z "$geostream_jar" ] && [ -n "$(find "$root" -path "$here" -prune -o -path '*/src/main/*' -newer "$runtime" -print -quit)" ]; then
  echo "WARNING: GeoStream sources are newer than the installed runtime jar; pass --rebuild to measure them." >&2
fi
if [ -n "$geostream_jar" ]; then
  echo "Measuring GeoStream from $geostream_jar" >&2
fi

# 3. The harness (profile store: its own build directory target/store), and one classpath per engine.
echo "Building the store harness and resolving the engines..." >&2
out="$here/target/store"
mvn_q -f "$here/pom.xml" -P store package
if [ -n "$geostream_jar" ]; then
  mvn_q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$out/classpath-base.txt"
  echo "$geostream_jar:$(cat "$out/classpath-base.txt")" > "$out/classpath-geostream.txt"
else
  mvn_q -f "$here/pom.xml" -P engine-geostream dependency:build-classpath -Dmdep.outputFile="$out/classpath-geostream.txt"
fi
mvn_q -f "$here/pom.xml" -P engine-sedona dependency:build-classpath -Dmdep.outputFile="$out/classpath-sedona.txt"

# 4. The engines, one JVM each, one after the other.
jar="$out/geostream-store-benchmarks.jar"
mkdir -p "$results" "$data"
rm -f "$results/store-geostream.json" "$results/store-sedona.json"
start=$(date +%s)
status=0
run_jvm() { # engine main-class args...
  local e=$1
  shift
  run_engine "$e" "$results/store-$e.log" "${JAVA_OPTS_STORE:--Xmx10g}" "$jar:$(cat "$out/classpath-$e.txt")" "$@" \
    || status=1
}
run_jvm geostream org.geostream.bench.store.StoreRun --data "$data" --out "$results/store-geostream.json" \
  ${args[@]+"${args[@]}"}
if [ -f "$results/store-geostream.json" ]; then
  run_jvm sedona org.geostream.bench.store.SedonaStoreRun --geostream-results "$results/store-geostream.json" \
    --out "$results/store-sedona.json" ${args[@]+"${args[@]}"}
fi
# Kryo against Java serialization of features (docs/geo-core.md), in the GeoStream classpath.
echo "== kryo (figures: $results/kryo-latest.txt)" >&2
# shellcheck disable=SC2046
java $(spark_opens) -Xmx4g -cp "$jar:$(cat "$out/classpath-geostream.txt")" org.geostream.bench.store.KryoVersusJava \
  > "$results/kryo-latest.txt" 2> "$results/kryo.log" || { tail -20 "$results/kryo.log" >&2; status=1; }
cat "$results/kryo-latest.txt" >&2
echo "== all done in $(( $(date +%s) - start )) s" >&2
$keep || rm -rf "$data"

# 5. The report.
echo >&2
java -cp "$jar:$(cat "$out/classpath-sedona.txt")" org.geostream.bench.store.StoreReport "$results" || status=1
exit "$status"
