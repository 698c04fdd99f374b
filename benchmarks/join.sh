#!/usr/bin/env bash
# Spatial joins, GeoStream against Apache Sedona 1.8.1: same data, one run, one JVM per engine, one after the other.
# J1 points in the 241 Natural Earth countries (ST_Contains, count per country) at 1, 10 and 50 million points;
# J2 points within a distance of points (ST_DWithin); J3 intersecting polygons (ST_Intersects). Checks that both
# engines give identical answers and writes the table to benchmarks/results/join-latest.md.
#
#   benchmarks/join.sh [--rebuild | --geostream-jar FILE] [--geo-sql-jar FILE] [--results DIR] [options]
#
#   --rebuild            build and install GeoStream (mvn install at the repository root) first; without it the
#                        installed org.geostream:geostream-spark-runtime is used, built only when missing
#   --geostream-jar FILE measure this GeoStream runtime jar instead of the installed artifact
#   --geo-sql-jar FILE   put this geo-sql jar ahead of the runtime jar (measures geo-sql as built, without
#                        rebuilding the runtime jar); by default geo-sql is built and put ahead automatically
#                        when the runtime jar has no spatial join in it
#   --results DIR        where the JSON files, logs and join-latest.md go (default benchmarks/results)
#   options  --points 1000000,10000000,50000000 (J1 sizes)  --pair-points N (5000000, J2 each side)
#            --distance D (0.02)  --polygons N (1000000, J3 each side)  --radius R (0.1)  --vertices N (8)
#            --warmups N (1)  --runs N (3)  --budget-s S (60)  --timeout-s S (1200)  --partitions N (4)
#            --master M (local[2])  --only J1,J3  --countries FILE (../shared/data/world-countries-50m.geojson)
#
# Environment: JAVA_OPTS_JOIN (default -Xmx12g) for both engine JVMs; JOIN_LOG_STAGES=1 also prints every Spark
# stage with its tasks' wall, CPU and GC milliseconds (to find where a join spends its time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/lib.sh"
results="$here/results"

rebuild=false
geostream_jar=""
geo_sql_jar=""
countries="$root/../shared/data/world-countries-50m.geojson"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild) rebuild=true; shift ;;
    --geostream-jar) geostream_jar=$(abs_file "$2"); shift 2 ;;
    --geo-sql-jar) geo_sql_jar=$(abs_file "$2"); shift 2 ;;
    --results) mkdir -p "$2"; results=$(cd "$2" && pwd); shift 2 ;;
    --countries) countries="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ -f "$countries" ] || { echo "Cannot run the join benchmark: countries file not found: $countries" >&2; exit 2; }
for f in "$geostream_jar" "$geo_sql_jar"; do
  [ -z "$f" ] || [ -f "$f" ] || { echo "Cannot run the join benchmark: jar not found: $f" >&2; exit 2; }
done

warn_if_busy

"$root/tools/ensure-build-tools.sh"

# 1. Sedona's POM names a parent that Maven Central lacks: install the stub once (as run.sh does).
install_sedona_parent_stub

# 2. GeoStream: the given jar, or the installed runtime jar (built when missing or asked for).
runtime="$installed_runtime"
if [ -n "$geostream_jar" ]; then
  runtime="$geostream_jar"
elif $rebuild || [ ! -f "$runtime" ]; then
  echo "Building and installing GeoStream (mvn install at $root)..." >&2
  (cd "$root" && mvn_q -DskipTests install)
fi
if [ -z "$geo_sql_jar" ] && ! unzip -l "$runtime" 'org/apache/spark/sql/geostream/sql/SpatialJoinStrategy.class' > /dev/null 2>&1; then
  echo "The GeoStream runtime jar has no spatial join: building geo-sql and putting it ahead of the runtime jar..." >&2
  (cd "$root" && mvn_q -pl geo-sql -DskipTests package)
  geo_sql_jar="$root/geo-sql/target/geo-sql-0.1.0-SNAPSHOT.jar"
elif [ -z "$geo_sql_jar" ] && [ -z "$geostream_jar" ] \
    && [ -n "$(find "$root/geo-sql" -path '*/src/main/*' -newer "$runtime" -print -quit)" ]; then
  echo "WARNING: geo-sql sources are newer than the runtime jar; pass --rebuild or --geo-sql-jar to measure them." >&2
fi
[ -z "$geo_sql_jar" ] || echo "Measuring GeoStream from $geo_sql_jar ahead of $runtime" >&2

# 3. The harness, and one classpath per engine (Spark + that engine only).
echo "Building the harness and resolving the engines..." >&2
mvn_q -f "$here/pom.xml" package
mvn_q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$here/target/classpath-base.txt"
base=$(cat "$here/target/classpath-base.txt")
echo "${geo_sql_jar:+$geo_sql_jar:}$runtime:$base" > "$here/target/classpath-join-geostream.txt"
mvn_q -f "$here/pom.xml" -P engine-sedona dependency:build-classpath -Dmdep.outputFile="$here/target/classpath-join-sedona.txt"

# 4. The engines, one JVM each, one after the other.
jar="$here/target/geostream-benchmarks.jar"
mkdir -p "$results"
start=$(date +%s)
status=0
for e in geostream sedona; do
  rm -f "$results/join-$e.json"
  run_engine "$e" "$results/join-$e.log" "${JAVA_OPTS_JOIN:--Xmx12g}" "$jar:$(cat "$here/target/classpath-join-$e.txt")" \
    org.geostream.bench.JoinRun --engine "$e" --out "$results/join-$e.json" --countries "$countries" \
    ${args[@]+"${args[@]}"} || status=1
done
echo "== all engines done in $(( $(date +%s) - start )) s" >&2

# 5. The comparison.
echo >&2
java -cp "$jar:$base" org.geostream.bench.JoinReport "$results" || status=1
exit "$status"
