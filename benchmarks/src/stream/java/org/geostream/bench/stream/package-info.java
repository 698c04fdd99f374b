/**
 * The streaming benchmark ({@code benchmarks/stream.sh}): events per second through a GeoStream pipeline
 * (a spatial cell key, count and average over sliding and tumbling event-time windows) against the same
 * job written by hand in Spark Structured Streaming with Apache Sedona's functions, and against a plain
 * single-threaded Java program (JTS, the H3 library and a hash map, no Spark), all on the same files.
 *
 * <p>{@link org.geostream.bench.stream.StreamData} writes the input once; {@link org.geostream.bench.stream.PlainRun}
 * runs the single-thread limit, {@link org.geostream.bench.stream.StreamRun} one Spark engine per JVM
 * ({@code geostream} through {@link org.geostream.bench.stream.GeoStreamJob}, {@code sedona} through
 * {@link org.geostream.bench.stream.SedonaJob}); {@link org.geostream.bench.stream.StreamReport} checks that
 * every engine gave the same windows, counts and averages and writes the table. The GeoStream job uses the
 * pipeline API, so these classes compile only in the Maven profile {@code stream} (see {@code benchmarks/pom.xml}).
 */
package org.geostream.bench.stream;
