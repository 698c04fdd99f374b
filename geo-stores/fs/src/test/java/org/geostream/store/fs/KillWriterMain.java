package org.geostream.store.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.DataStoreFinder;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.feature.simple.SimpleFeatureBuilder;

/**
 * A writer process for {@link KilledWriterTest}: appends batches to {@code args[0]} forever,
 * printing "committed <batch>" after each commit, until it is killed.
 */
public final class KillWriterMain {
  private KillWriterMain() {}

  public static void main(String[] args) throws Exception {
    DataStore store = DataStoreFinder.getDataStore(Map.of("fs.path", args[0], "fs.partition-scheme", "z2-2bit"));
    SimpleFeatureType type = store.getSchema("k");
    for (int b = 0; ; b++) {
      List<SimpleFeature> batch = new ArrayList<>();
      for (SimpleFeature f : FsDataStoreTest.randomPoints(type, 2000, new Random(b))) {
        batch.add(SimpleFeatureBuilder.build(type, f.getAttributes(), b + "-" + f.getID()));
      }
      FsDataStoreTest.write(store, "k", batch);
      System.out.println("committed " + b);
      System.out.flush();
    }
  }
}
