/**
 * The part of geo-sql that extends Spark's internal classes (Catalyst rules, planner strategies,
 * physical operators), kept in one package so that the reach into Spark internals is visible and
 * small: {@link org.apache.spark.sql.geostream.sql.SpatialPushDown} (spatial filters pushed into
 * feature stores) and the spatial join ({@link org.apache.spark.sql.geostream.sql.SpatialJoinStrategy}
 * and its operators {@link org.apache.spark.sql.geostream.sql.BroadcastSpatialJoinExec} and
 * {@link org.apache.spark.sql.geostream.sql.PartitionedSpatialJoinExec}). Only Spark's public
 * extension points and public classes are used, with no reflection; the join's geometry work is in
 * the Spark-free {@code org.geostream.sql.join}.
 */
package org.apache.spark.sql.geostream.sql;
