#!/usr/bin/env bash
# GeoStream against Apache Sedona and GeoMesa spark-jts: same data, one run, one JVM per engine.
# Builds what it needs, resolves each engine's classpath, runs the engine JVMs one after the other,
# then prints the comparison table and writes it to benchmarks/results/latest.md.
#
#   benchmarks/run.sh [--rebuild | --geostream-jar FILE] [--engines LIST] [--results DIR] [harness options]
#
#   --rebuild            build and install GeoStream (mvn install at the repository root) first; without it
#                        the installed org.geostream:geostream-spark-runtime is used, built only when missing
#   --geostream-jar FILE measure this GeoStream runtime jar instead of the installed artifact
#   --engines LIST       run only these engines, e.g. geostream,sedona; the report also reads the other
#                        engines' files left in the results directory by an earlier run
#   --results DIR        where the engines' files and latest.md go (default benchmarks/results)
#   harness options  --points N (2000000)  --contains-points N (20000)  --wkt-rows N (50000)
#                    --contains-country NAME (Canada)  --warmups N (1)  --runs N (5)  --budget-s S (20)
#                    --timeout-s S (90)  --partitions N (4)  --master M (local[2])  --only W1,W3
#                    --countries FILE (default: ../shared/data/world-countries-50m.geojson)
#
# Environment: JAVA_OPTS_BENCH (default -Xmx4g) for every engine JVM.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/lib.sh"
results="$here/results"

rebuild=false
geostream_jar=""
engines="geostream,sedona,geomesa"
countries="$root/../shared/data/world-countries-50m.geojson"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild) rebuild=true; shift ;;
    --engines) engines="$2"; shift 2 ;;
    --geostream-jar) geostream_jar=$(abs_file "$2"); shift 2 ;;
    --results) mkdir -p "$2"; results=$(cd "$2" && pwd); shift 2 ;;
    --countries) countries="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ -f "$countries" ] || { echo "Cannot run the benchmarks: countries file not found: $countries" >&2; exit 2; }
[ -z "$geostream_jar" ] || [ -f "$geostream_jar" ] \
  || { echo "Cannot run the benchmarks: GeoStream jar not found: $geostream_jar" >&2; exit 2; }

warn_if_busy

"$root/tools/ensure-build-tools.sh"

# 1. Sedona's POM names a parent that Maven Central lacks: install the stub once.
install_sedona_parent_stub

# 2. GeoStream itself, from the local Maven repository (unless a jar is given).
runtime="$installed_runtime"
if [ -n "$geostream_jar" ]; then
  echo "Measuring GeoStream from $geostream_jar" >&2
elif $rebuild || [ ! -f "$runtime" ]; then
  echo "Building and installing GeoStream (mvn install at $root)..." >&2
  (cd "$root" && mvn_q -DskipTests install)
elif [ -n "$(find "$root" -path "$here" -prune -o -path '*/src/main/*' -newer "$runtime" -print -quit)" ]; then
  echo "WARNING: GeoStream sources are newer than the installed runtime jar; pass --rebuild to measure them." >&2
fi

# 3. The harness, and one classpath per engine (Spark + that engine only).
echo "Building the harness and resolving the engines..." >&2
mvn_q -f "$here/pom.xml" package
mvn_q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$here/target/classpath-base.txt"
IFS=',' read -r -a engine_list <<< "$engines"
for e in "${engine_list[@]}"; do
  if [ "$e" = geostream ] && [ -n "$geostream_jar" ]; then
    echo "$geostream_jar:$(cat "$here/target/classpath-base.txt")" > "$here/target/classpath-geostream.txt"
  else
    mvn_q -f "$here/pom.xml" -P "engine-$e" dependency:build-classpath -Dmdep.outputFile="$here/target/classpath-$e.txt"
  fi
done

# 4. The engines, one JVM each, one after the other (the machine is small; they must not compete).
jar="$here/target/geostream-benchmarks.jar"
mkdir -p "$results"
start=$(date +%s)
for e in "${engine_list[@]}"; do
  rm -f "$results/$e.json"
  # A failed engine is reported as missing by the comparison.
  run_engine "$e" "$results/$e.log" "${JAVA_OPTS_BENCH:--Xmx4g}" "$jar:$(cat "$here/target/classpath-$e.txt")" \
    org.geostream.bench.EngineRun --engine "$e" --out "$results/$e.json" --countries "$countries" \
    ${args[@]+"${args[@]}"} || true
done
echo "== all engines done in $(( $(date +%s) - start )) s" >&2

# 5. The comparison.
echo >&2
java -cp "$jar:$(cat "$here/target/classpath-base.txt")" org.geostream.bench.Report "$results"
