/**
 * Side-by-side benchmark of GeoStream, Apache Sedona and GeoMesa spark-jts.
 *
 * <p>{@link org.geostream.bench.EngineRun} runs every workload of {@link org.geostream.bench.Workloads}
 * in one JVM that holds Spark and exactly one engine, and writes timings and answers to a JSON file;
 * {@link org.geostream.bench.Report} reads the files of all engines, checks that the answers agree and
 * prints the comparison table. {@code benchmarks/run.sh} drives both. The harness compiles against
 * Spark alone and reaches each engine through Spark SQL (and, for GeoMesa's registration, reflection),
 * so no engine class is needed to build it.
 */
package org.geostream.bench;
