#!/usr/bin/env bash
# The stream benchmark: events per second through a GeoStream pipeline (H3 or geohash key, count + avg over
# 10-minute windows sliding every minute, and tumbling 10-minute windows) against the same job written by hand
# in Spark Structured Streaming with Apache Sedona 1.8.1's functions, on the same CSV files in one run, and
# against a plain single-threaded Java program (JTS + H3 + geo-types' geohash + a hash map, no Spark). One JVM
# per engine, one after the other. Checks that all three give the same windows, counts and averages, and writes
# the table to benchmarks/results/stream-latest.md.
#
#   benchmarks/stream.sh [--quick] [--rebuild | --geostream-jar FILE] [--geo-stream-jar FILE] [--results DIR]
#                        [--engines plain,geostream,sedona] [options]
#
#   --quick              a smoke test: 1 million events in 8 files, 2 per batch (about 3 minutes)
#   --rebuild            build and install GeoStream (mvn install at the repository root) first; without it the
#                        installed org.geostream:geostream-spark-runtime is used, built only when missing
#   --geostream-jar FILE measure this GeoStream runtime jar instead of the installed artifact (and no geo-stream
#                        jar ahead of it)
#   --geo-stream-jar FILE put this geo-stream jar ahead of the runtime jar; by default geo-stream is built from
#                        the working tree and put ahead, so its current sources are what is measured
#   --results DIR        where the JSON files, logs and stream-latest.md go (default benchmarks/results)
#   --engines LIST       run only these (the report uses the others' files already in the results directory)
#   options  --events N (10000000)  --vehicles N (10000)  --sample-ms N (5000)  --files N (40)
#            --files-per-trigger N (4)  --key h3:7|geohash:6  --window-s S (600)  --slide-s S (60)
#            --watermark-s S (60)  --modes sliding,tumbling  --partitions N (2)  --master M (local[2])
#            --seed N  --runs N (2, passes of the single-thread limit)  --data DIR (target/stream-data)
#
# Environment: JAVA_OPTS_STREAM (default -Xmx4g) for every engine JVM.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/lib.sh"
results="$here/results"

rebuild=false
geostream_jar=""
geo_stream_jar=""
engines="plain,geostream,sedona"
data="$here/target/stream-data"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) data="$here/target/stream-data-quick"
             args+=(--events 1000000 --vehicles 2000 --files 8 --files-per-trigger 2 --runs 1); shift ;;
    --rebuild) rebuild=true; shift ;;
    --geostream-jar) geostream_jar=$(abs_file "$2"); shift 2 ;;
    --geo-stream-jar) geo_stream_jar=$(abs_file "$2"); shift 2 ;;
    --results) mkdir -p "$2"; results=$(cd "$2" && pwd); shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --data) mkdir -p "$2"; data=$(cd "$2" && pwd); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
for f in "$geostream_jar" "$geo_stream_jar"; do
  [ -z "$f" ] || [ -f "$f" ] || { echo "Cannot run the stream benchmark: jar not found: $f" >&2; exit 2; }
done

warn_if_busy

"$root/tools/ensure-build-tools.sh"

# 1. Sedona's POM names a parent that Maven Central lacks: install the stub once (as run.sh does).
install_sedona_parent_stub

# 2. GeoStream: the given jar, or the installed runtime jar (built when missing or asked for) with geo-stream
#    as built from the working tree ahead of it.
runtime="$installed_runtime"
if $rebuild || [ ! -f "$runtime" ]; then
  echo "Building and installing GeoStream (mvn install at $root)..." >&2
  (cd "$root" && mvn_q -Dmaven.test.skip=true install)
fi
if [ -n "$geostream_jar" ]; then
  runtime="$geostream_jar"
elif [ -z "$geo_stream_jar" ]; then
  echo "Building geo-stream from the working tree..." >&2
  (cd "$root" && mvn_q -o -pl geo-stream -Dmaven.test.skip=true package)
  # A copy: a later build of the module must not replace the jar under the running JVMs.
  mkdir -p "$here/target/stream"
  cp "$root/geo-stream/target/geo-stream-0.1.0-SNAPSHOT.jar" "$here/target/stream/geo-stream.jar"
  geo_stream_jar="$here/target/stream/geo-stream.jar"
fi
# A copy of the runtime jar too: installing GeoStream while the benchmark runs must not change it under the JVM.
mkdir -p "$here/target/stream"
if [ "$runtime" != "$here/target/stream/geostream-runtime.jar" ]; then
  cp "$runtime" "$here/target/stream/geostream-runtime.jar"
  runtime="$here/target/stream/geostream-runtime.jar"
fi
echo "Measuring GeoStream from ${geo_stream_jar:+$geo_stream_jar ahead of }$runtime" >&2

# 3. The harness (profile stream: its own build directory target/stream), and one classpath per engine.
echo "Building the stream harness and resolving the engines..." >&2
out="$here/target/stream"
mvn_q -f "$here/pom.xml" -P stream package
mvn_q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$out/classpath-base.txt"
echo "${geo_stream_jar:+$geo_stream_jar:}$runtime:$(cat "$out/classpath-base.txt")" > "$out/classpath-geostream.txt"
mvn_q -f "$here/pom.xml" -P engine-sedona dependency:build-classpath -Dmdep.outputFile="$out/classpath-sedona.txt"
# The limit: JTS, H3, geo-types (the geohash kernel) and Jackson (for its result file) only, no Spark.
mvn_q -f "$here/pom.xml" -P engine-plain dependency:build-classpath -Dmdep.outputFile="$out/classpath-plain.txt" \
  -DincludeArtifactIds=jts-core,h3,geo-types,jackson-databind,jackson-core,jackson-annotations

# 4. The engines, one JVM each, one after the other; the first one writes the input files when missing.
jar="$out/geostream-stream-benchmarks.jar"
mkdir -p "$results"
start=$(date +%s)
status=0
for e in plain geostream sedona; do
  case ",$engines," in *",$e,"*) ;; *) continue ;; esac
  rm -f "$results/stream-$e.json"
  if [ "$e" = plain ]; then
    main=(org.geostream.bench.stream.PlainRun)
  else
    main=(org.geostream.bench.stream.StreamRun --engine "$e")
  fi
  run_engine "$e" "$results/stream-$e.log" "${JAVA_OPTS_STREAM:--Xmx4g}" "$jar:$(cat "$out/classpath-$e.txt")" \
    "${main[@]}" --data "$data" --work "$here/target/stream-work" --out "$results/stream-$e.json" \
    ${args[@]+"${args[@]}"} || status=1
  grep -E '^(plain|geostream|sedona|Wrote) ' "$results/stream-$e.log" >&2 || true
done
echo "== all engines done in $(( $(date +%s) - start )) s" >&2

# 5. The comparison.
echo >&2
java -cp "$jar:$(cat "$out/classpath-plain.txt")" org.geostream.bench.stream.StreamReport "$results" || status=1
exit "$status"
