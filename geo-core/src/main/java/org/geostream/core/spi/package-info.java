/**
 * The provider SPI: a GeoTools {@link org.geotools.api.data.Query} on a feature store becomes an
 * RDD ({@link org.geostream.core.spi.SpatialRDDProvider}, picked by
 * {@link org.geostream.core.spi.SpatialRDDProviders}), read in parallel, and RDDs are written back
 * in parallel. Stores opt into parallel reads by query splits
 * ({@link org.geostream.core.spi.SplittableDataStore}) and atomic bulk writes
 * ({@link org.geostream.core.spi.BulkWritableDataStore}); any other store is split by space.
 */
package org.geostream.core.spi;
