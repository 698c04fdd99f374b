package org.geostream.store.fs;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.FeatureWriter;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.data.DataStoreFactorySpi;
import org.geotools.data.memory.MemoryDataStore;

/**
 * GeoTools' own in-memory store made findable by {@code DataStoreFinder} ({@code memory.name}), as
 * a store that knows nothing of GeoStream: it cannot split queries, so the generic provider splits
 * by space. One instance per name per JVM (Spark local mode shares it between driver and tasks).
 */
public final class MemoryStoreFactory implements DataStoreFactorySpi {
  static final Map<String, MemoryDataStore> STORES = new ConcurrentHashMap<>();

  @Override
  public DataStore createDataStore(Map<String, ?> params) {
    return STORES.computeIfAbsent(params.get("memory.name").toString(), n -> new SerialWrites());
  }

  /**
   * The memory store's writers iterate its live map, so two writers at once fail; tasks of a local
   * Spark job share one JVM, so each append writer holds the store until it closes (executors of a
   * cluster would each have their own store anyway).
   */
  static final class SerialWrites extends MemoryDataStore {
    private final java.util.concurrent.Semaphore writing = new java.util.concurrent.Semaphore(1);

    @Override
    protected org.geotools.data.store.ContentFeatureSource createFeatureSource(
        org.geotools.data.store.ContentEntry entry, org.geotools.api.data.Query query) {
      return new org.geotools.data.memory.MemoryFeatureStore(entry, query) {
        @Override
        protected FeatureWriter<SimpleFeatureType, SimpleFeature> getWriterInternal(
            org.geotools.api.data.Query q, int flags) throws IOException {
          writing.acquireUninterruptibly();
          FeatureWriter<SimpleFeatureType, SimpleFeature> w = super.getWriterInternal(q, flags);
          return new FeatureWriter<>() {
            @Override
            public SimpleFeatureType getFeatureType() {
              return w.getFeatureType();
            }

            @Override
            public SimpleFeature next() throws IOException {
              return w.next();
            }

            @Override
            public void remove() throws IOException {
              w.remove();
            }

            @Override
            public void write() throws IOException {
              w.write();
            }

            @Override
            public boolean hasNext() throws IOException {
              return w.hasNext();
            }

            @Override
            public void close() throws IOException {
              try {
                w.close();
              } finally {
                writing.release();
              }
            }
          };
        }
      };
    }
  }

  @Override
  public DataStore createNewDataStore(Map<String, ?> params) throws IOException {
    return createDataStore(params);
  }

  @Override
  public String getDisplayName() {
    return "GeoTools memory (tests)";
  }

  @Override
  public String getDescription() {
    return getDisplayName();
  }

  @Override
  public Param[] getParametersInfo() {
    return new Param[] {new Param("memory.name", String.class, "store name", true)};
  }

  @Override
  public boolean canProcess(Map<String, ?> params) {
    return params != null && params.get("memory.name") != null;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }
}
