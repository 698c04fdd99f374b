package org.geostream.core.spi;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.data.Query;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;

/**
 * A data store that can split a query into independent parts read in parallel. The generic
 * provider reads such a store split by split on the executors, instead of splitting by space.
 *
 * <p>Contract: the features of all splits of a query together are exactly the features of the
 * query, each once. Splits are planned on the driver and read on executors, where the store is
 * opened again from the same parameters, so a split must carry everything needed to read it.
 */
public interface SplittableDataStore {

  /** One independently readable part of a query; serialisable to ship to an executor. */
  interface Split extends Serializable {
    /** A short description for logs and plans (files, key ranges, ...). */
    String describe();
  }

  /**
   * The splits of {@code query}, aiming at about {@code parallelism} of them or more (never
   * fewer than one when the query may match anything; may be empty when nothing can match).
   */
  List<? extends Split> planSplits(Query query, int parallelism) throws IOException;

  /** A reader of the features of one split, with the query's property list applied. */
  FeatureReader<SimpleFeatureType, SimpleFeature> readSplit(Split split) throws IOException;
}
