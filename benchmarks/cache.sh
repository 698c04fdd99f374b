#!/usr/bin/env bash
# A repeated bounding-box query against a relation read from GeoParquet files each time, cached by Spark
# (df.cache()) and cached with a spatial index per partition (GeoStream.cache(df)): same data, one JVM, the
# same counts required of all three. Prints the table and writes it to benchmarks/results/cache-latest.md.
#
#   benchmarks/cache.sh [--points N (5000000)] [--queries N (30)] [--box-deg D (2.0)] [--partitions N (4)]
#                       [--master M (local[2])]
#
# Uses the installed GeoStream runtime jar (built when missing) with geo-sql as built now put ahead of it.
# Environment: JAVA_OPTS_CACHE (default -Xmx8g).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
results="$here/results"
. "$here/lib.sh"
warn_if_busy
"$root/tools/ensure-build-tools.sh"

runtime="$installed_runtime"
if [ ! -f "$runtime" ]; then
  echo "Building and installing GeoStream (mvn install at $root)..." >&2
  (cd "$root" && mvn_q -DskipTests install)
fi
echo "Building geo-sql and the benchmark..." >&2
(cd "$root" && mvn_q -pl geo-sql -DskipTests package)
geo_sql="$root/geo-sql/target/geo-sql-0.1.0-SNAPSHOT.jar"
mkdir -p "$here/target/cache-classes" "$results"
mvn_q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$here/target/classpath-cache.txt"
cp="$geo_sql:$runtime:$(cat "$here/target/classpath-cache.txt")"
javac -nowarn -d "$here/target/cache-classes" -cp "$cp" $(find "$here/src/cache/java" -name '*.java')
echo "Running (load $(cut -d' ' -f1-3 /proc/loadavg))..." >&2
# shellcheck disable=SC2046,SC2086  # the opens and the JVM options are lists of flags
java $(spark_opens) ${JAVA_OPTS_CACHE:--Xmx8g} -cp "$here/target/cache-classes:$cp" org.geostream.bench.cache.CacheBench \
  --out "$results/cache-latest.md" "$@"
