package org.geostream.core.spi;

import org.apache.spark.api.java.JavaRDD;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.simple.SimpleFeature;

/**
 * The features of a query as an RDD, with the feature type they share (the query's property list
 * applied). The type lives on the driver; the RDD's elements carry it to the executors themselves.
 *
 * @param rdd the features, read lazily and in parallel
 * @param type the feature type of every element
 */
public record SpatialRDD(JavaRDD<SimpleFeature> rdd, SimpleFeatureType type) {}
