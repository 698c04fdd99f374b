package org.geostream.core.spi;

import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.geotools.api.data.Query;
import org.geotools.api.feature.simple.SimpleFeature;

/**
 * Reads a GeoTools query from a feature store as an RDD and writes an RDD back, for one family of
 * stores. Implementations are found by {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/org.geostream.core.spi.SpatialRDDProvider} file) and chosen by
 * {@link SpatialRDDProviders#find(Map)} through {@link #canProcess(Map)}.
 *
 * <p>A store is always named by the same {@code Map<String,String>} of GeoTools parameters in Java,
 * Python, SQL options and pipeline files. Implementations must be stateless and thread-safe.
 */
public interface SpatialRDDProvider {

  /** A short name shown in errors and plans, e.g. {@code "geotools"}. */
  String name();

  /** True when this provider can open the store named by {@code params}; never throws. */
  boolean canProcess(Map<String, String> params);

  /**
   * The features of {@code query} as an RDD with their feature type. Reading runs in parallel on
   * the executors; the driver plans partitions only and never holds the features.
   *
   * @throws org.geostream.types.GeoStreamException when the store cannot be opened, the type does not
   *     exist or the query cannot be planned
   */
  SpatialRDD rdd(SparkContext sc, Map<String, String> params, Query query);

  /**
   * Writes {@code features} into the type {@code typeName} of the store, one writer per RDD
   * partition in parallel. The type is created from the first feature's type when missing.
   *
   * @throws org.geostream.types.GeoStreamException naming the feature that failed
   */
  void save(JavaRDD<SimpleFeature> features, Map<String, String> params, String typeName);
}
