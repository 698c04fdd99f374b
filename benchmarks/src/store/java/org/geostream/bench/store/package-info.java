/**
 * The fs store benchmark ({@code benchmarks/store.sh}): ingest rate of GeoStream's GeoParquet store
 * through Spark and through a plain GeoTools writer, and how much a bounding box + one-hour query
 * reads and how fast it runs compared with a full scan; then Apache Sedona reading the same files
 * with the same query.
 *
 * <p>{@link org.geostream.bench.store.StoreRun} runs in a JVM holding Spark and GeoStream,
 * {@link org.geostream.bench.store.SedonaStoreRun} in one holding Spark and Sedona only;
 * {@link org.geostream.bench.store.StoreReport} renders both result files. These classes use the
 * store's API, so they compile only in the Maven profile {@code store} (see {@code benchmarks/pom.xml}).
 */
package org.geostream.bench.store;
