package org.geostream.sql.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.DataStoreFactorySpi;
import org.geotools.data.memory.MemoryDataStore;

/**
 * GeoTools' in-memory store under parameter {@code plain-memory.name}: a real store without a change
 * feed, for the error a streaming read of it gives.
 */
public final class PlainMemoryStoreFactory implements DataStoreFactorySpi {
  private static final Map<String, MemoryDataStore> STORES = new ConcurrentHashMap<>();

  @Override
  public DataStore createDataStore(Map<String, ?> params) {
    return STORES.computeIfAbsent(String.valueOf(params.get("plain-memory.name")), k -> new MemoryDataStore());
  }

  @Override
  public DataStore createNewDataStore(Map<String, ?> params) {
    return createDataStore(params);
  }

  @Override
  public String getDisplayName() {
    return "plain-memory";
  }

  @Override
  public String getDescription() {
    return "GeoTools MemoryDataStore (tests)";
  }

  @Override
  public Param[] getParametersInfo() {
    return new Param[] {new Param("plain-memory.name", String.class, "store name", true)};
  }

  @Override
  public boolean canProcess(Map<String, ?> params) {
    return params != null && params.get("plain-memory.name") != null;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }
}
