package org.geostream.core.spi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.geotools.api.data.DataAccessFactory;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.DataStoreFactorySpi;
import org.geotools.api.data.DataStoreFinder;
import org.geostream.types.Errors;

/**
 * Opening GeoTools data stores from the parameter maps that name them, once per JVM, and printing
 * those maps safely.
 *
 * <p>Stores are cached by their parameters: the driver and every executor open a store once and
 * reuse it for all partitions (stores such as Accumulo hold connection pools). Cached stores are
 * disposed when the JVM exits. Thread-safe.
 */
public final class StoreParams {
  private static final Map<Map<String, String>, DataStore> OPEN = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(StoreParams::disposeAll, "geostream-store-dispose"));
  }

  private StoreParams() {}

  /**
   * The store named by {@code params}, opened on first use and cached for the JVM.
   *
   * @throws org.geostream.types.GeoStreamException when no GeoTools factory accepts the parameters
   *     (naming the stores available and the redacted parameters) or the store fails to open
   */
  public static DataStore open(Map<String, String> params) {
    Map<String, String> key = new TreeMap<>(params);
    DataStore store = OPEN.get(key);
    if (store != null) {
      return store;
    }
    synchronized (OPEN) {
      store = OPEN.get(key);
      if (store == null) {
        store = openUncached(key);
        OPEN.put(key, store);
      }
      return store;
    }
  }

  /** True when a GeoTools {@link DataStoreFactorySpi} on the classpath accepts {@code params}. */
  public static boolean canOpen(Map<String, String> params) {
    Iterator<DataStoreFactorySpi> it = DataStoreFinder.getAvailableDataStores();
    while (it.hasNext()) {
      try {
        if (it.next().canProcess(params)) {
          return true;
        }
      } catch (RuntimeException e) {
        // A factory that throws on foreign parameters does not accept them.
      }
    }
    return false;
  }

  private static DataStore openUncached(Map<String, String> params) {
    DataStore store;
    try {
      store = DataStoreFinder.getDataStore(params);
    } catch (IOException | RuntimeException e) {
      throw Errors.cannot("open feature store", describe(e) + " (parameters " + redacted(params) + ")", null, e);
    }
    if (store == null) {
      throw Errors.cannot("open feature store",
          "no GeoTools data store accepts the parameters " + redacted(params)
              + " (stores available: " + availableStores() + ")", null);
    }
    return store;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /**
   * {@code params} printable: keys sorted, the values of keys that name a password, secret, token,
   * credential or key replaced by {@code ***}.
   */
  public static String redacted(Map<String, String> params) {
    Map<String, String> out = new TreeMap<>();
    params.forEach((k, v) -> out.put(k, isSecret(k) ? "***" : v));
    return out.toString();
  }

  static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("passwd") || k.contains("secret") || k.contains("token")
        || k.contains("credential") || k.endsWith(".key") || k.contains("keytab");
  }

  /** The display names of the GeoTools stores on the classpath with their parameter keys. */
  public static List<String> availableStores() {
    List<String> names = new ArrayList<>();
    Iterator<DataStoreFactorySpi> it = DataStoreFinder.getAvailableDataStores();
    while (it.hasNext()) {
      DataStoreFactorySpi f = it.next();
      List<String> keys = new ArrayList<>();
      for (DataAccessFactory.Param p : f.getParametersInfo()) {
        keys.add(p.key);
      }
      names.add(f.getDisplayName() + " " + keys);
    }
    return names;
  }

  /** Disposes every cached store (used at JVM exit and by tests that delete a store's files). */
  public static void disposeAll() {
    synchronized (OPEN) {
      OPEN.values().forEach(s -> {
        try {
          s.dispose();
        } catch (RuntimeException e) {
          // Disposal is best effort at shutdown.
        }
      });
      OPEN.clear();
    }
  }
}
