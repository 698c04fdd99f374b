/**
 * Pure geometry kernels of GeoStream: the binary encoding, readers and writers of text formats, and
 * the spatial functions behind the {@code st_*} SQL catalogue. Nothing here imports Spark; the Spark
 * adapters live in {@code org.apache.spark.sql.geostream}.
 */
package org.geostream.types;
