package org.geostream.core.feature;

import org.geotools.api.feature.simple.SimpleFeature;

/**
 * Small helpers on GeoTools features shared by providers and stores. Thread-safe.
 */
public final class Features {
  private Features() {}

  /**
   * {@code f} as a {@link SerializableFeature}: itself when it already is one, else a copy sharing
   * its attribute values and user data (geometries are not copied). Null gives null.
   */
  public static SimpleFeature serializable(SimpleFeature f) {
    if (f == null || f instanceof SerializableFeature) {
      return f;
    }
    SerializableFeature out = new SerializableFeature(f.getAttributes().toArray(), f.getFeatureType(), f.getID());
    out.getUserData().putAll(f.getUserData());
    return out;
  }
}
