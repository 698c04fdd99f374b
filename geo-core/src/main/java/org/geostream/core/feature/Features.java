package org.geostream.core.feature;

import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.util.factory.Hints;
import org.geostream.types.Errors;
import org.geostream.types.GeoStreamException;

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

  /** The values of {@code f} for the attributes of {@code target}, matched by name; null where {@code f} has none. */
  public static Object[] valuesFor(SimpleFeatureType target, SimpleFeature f) {
    Object[] values = new Object[target.getAttributeCount()];
    for (int i = 0; i < values.length; i++) {
      String name = target.getDescriptor(i).getLocalName();
      values[i] = f.getFeatureType().getDescriptor(name) == null ? null : f.getAttribute(name);
    }
    return values;
  }

  /**
   * Fills {@code out} (a feature from a GeoTools writer's {@code next()}) with the attributes of
   * {@code f} by name, and asks the store to keep {@code f}'s id.
   */
  public static void copyInto(SimpleFeature f, SimpleFeature out) {
    out.setAttributes(valuesFor(out.getFeatureType(), f));
    if (f.getID() != null) {
      out.getUserData().put(Hints.USE_PROVIDED_FID, Boolean.TRUE);
      out.getUserData().put(Hints.PROVIDED_FID, f.getID());
    }
  }

  /**
   * The error of a failed write of {@code f} (null: of the features in general) to {@code typeName}:
   * "Cannot write feature '<id>' to '<type>': <reason><context>", without repeating the action when
   * the store's own message already names it.
   */
  public static GeoStreamException writeFailed(SimpleFeature f, String typeName, String context, Throwable e) {
    String what = f == null ? "features" : "feature '" + f.getID() + "'";
    String action = "write " + what + " to '" + typeName + "'";
    String reason = String.valueOf(e.getMessage());
    if (reason.startsWith("Cannot " + action + ": ")) {
      reason = reason.substring(("Cannot " + action + ": ").length());
    }
    return Errors.cannot(action, reason + context, null, e);
  }
}
