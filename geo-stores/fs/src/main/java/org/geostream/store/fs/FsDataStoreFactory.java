package org.geostream.store.fs;

import java.io.IOException;
import java.util.Map;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.DataStoreFactorySpi;

/**
 * Finds the fs store for {@code DataStoreFinder}: any parameter map with {@code fs.path}. The
 * other parameters are in {@link FsParams}. Thread-safe.
 */
public final class FsDataStoreFactory implements DataStoreFactorySpi {

  @Override
  public DataStore createDataStore(Map<String, ?> params) throws IOException {
    FsDataStore store = new FsDataStore(FsParams.of(params));
    store.setDataStoreFactory(this);
    return store;
  }

  @Override
  public DataStore createNewDataStore(Map<String, ?> params) throws IOException {
    return createDataStore(params);
  }

  @Override
  public String getDisplayName() {
    return "GeoStream fs (GeoParquet)";
  }

  @Override
  public String getDescription() {
    return "Feature types as directories of GeoParquet 1.1 files with an atomic commit log";
  }

  @Override
  public Param[] getParametersInfo() {
    return FsParams.ALL.clone();
  }

  @Override
  public boolean canProcess(Map<String, ?> params) {
    return params != null && params.get(FsParams.PATH.key) != null;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }
}
