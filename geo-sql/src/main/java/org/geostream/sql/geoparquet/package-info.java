/**
 * {@code format("geoparquet")}: GeoParquet 1.0 / 1.1 files read and written through Spark's own
 * Parquet source ({@link org.geostream.sql.geoparquet.GeoParquetSource}), the {@code geo} metadata
 * ({@link org.geostream.sql.geoparquet.GeoParquetMetadata}) and the relation whose spatial filters
 * prune files and row groups ({@link org.geostream.sql.geoparquet.GeoParquetRelation}). The parts that
 * extend Spark's Parquet writer and planner are in {@code org.apache.spark.sql.geostream.sql}.
 */
package org.geostream.sql.geoparquet;
