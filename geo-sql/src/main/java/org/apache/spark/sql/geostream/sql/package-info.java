/**
 * The part of geo-sql that extends Spark's internal classes (Catalyst rules, planner strategies,
 * physical operators), kept in one package so that the reach into Spark internals is visible and
 * small: {@link org.apache.spark.sql.geostream.sql.SpatialPushDown} (spatial filters pushed into
 * feature stores), {@link org.apache.spark.sql.geostream.sql.SessionTableScan} (session-catalog
 * tables read through the V2 source), the GeoParquet writer and scan
 * ({@link org.apache.spark.sql.geostream.sql.GeoParquetFileFormat},
 * {@link org.apache.spark.sql.geostream.sql.GeoParquetScan}), the indexed cache
 * ({@link org.apache.spark.sql.geostream.sql.IndexedCache} and its scan) and the spatial join ({@link org.apache.spark.sql.geostream.sql.SpatialJoinStrategy}
 * and its operators {@link org.apache.spark.sql.geostream.sql.BroadcastSpatialJoinExec} and
 * {@link org.apache.spark.sql.geostream.sql.PartitionedSpatialJoinExec}). Spark's public extension
 * points and public classes are used, with no reflection; the one Scala-package-private member is
 * {@code Dataset.ofRows}, which the indexed cache calls to wrap its rows (the reason for this package); the join's geometry work is in
 * the Spark-free {@code org.geostream.sql.join}.
 */
package org.apache.spark.sql.geostream.sql;
