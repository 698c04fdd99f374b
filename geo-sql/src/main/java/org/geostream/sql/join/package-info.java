/**
 * The engine-neutral kernel of GeoStream's spatial joins, with no Spark in it: which pairs a join
 * predicate keeps ({@link org.geostream.sql.join.JoinPredicate}), the build side's geometries
 * decoded and indexed once ({@link org.geostream.sql.join.BuildGeometry},
 * {@link org.geostream.sql.join.BuildIndex}), exact point-in-polygon location
 * ({@link org.geostream.sql.join.PolygonLocator}) and the spatial partitioning of the partitioned
 * join ({@link org.geostream.sql.join.SpatialGrid}). The Spark operators that drive it live in
 * {@code org.apache.spark.sql.geostream.sql}.
 */
package org.geostream.sql.join;
