/**
 * Relations kept in memory with a spatial index per partition ({@link org.geostream.sql.GeoStream#cache}):
 * the Spark-free partition ({@link org.geostream.sql.cache.IndexedPartition}); the planning that lets
 * repeated spatial filters use the index is in {@code org.apache.spark.sql.geostream.sql.IndexedScanStrategy}.
 */
package org.geostream.sql.cache;
