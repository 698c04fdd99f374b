package org.geostream.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.geostream.types.Errors;

/**
 * The registry of {@link SpatialRDDProvider}s on the classpath. Picks the first provider whose
 * {@code canProcess} accepts the parameters, trying store-specific providers before the generic
 * GeoTools one. Thread-safe.
 */
public final class SpatialRDDProviders {

  private SpatialRDDProviders() {}

  /** Every provider found by {@link ServiceLoader}, the generic GeoTools provider last. */
  public static List<SpatialRDDProvider> all() {
    List<SpatialRDDProvider> found = new ArrayList<>();
    ServiceLoader.load(SpatialRDDProvider.class, SpatialRDDProviders.class.getClassLoader())
        .forEach(found::add);
    found.sort((a, b) -> Boolean.compare(a instanceof GeoToolsProvider, b instanceof GeoToolsProvider));
    return found;
  }

  /**
   * The provider for the store named by {@code params}.
   *
   * @throws org.geostream.types.GeoStreamException when none fits, listing the providers tried and
   *     the parameters given with passwords and secrets redacted
   */
  public static SpatialRDDProvider find(Map<String, String> params) {
    List<SpatialRDDProvider> all = all();
    for (SpatialRDDProvider p : all) {
      if (p.canProcess(params)) {
        return p;
      }
    }
    List<String> names = all.stream().map(SpatialRDDProvider::name).toList();
    throw Errors.cannot("find a feature store provider",
        "no provider accepts the parameters " + StoreParams.redacted(params)
            + " (providers tried: " + names + "; stores available: " + StoreParams.availableStores() + ")",
        null);
  }
}
