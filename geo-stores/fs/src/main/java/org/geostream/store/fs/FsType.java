package org.geostream.store.fs;

import java.util.Date;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;

/**
 * One feature type of the store: its schema, partition scheme, date attribute, directory and
 * commit log. Immutable apart from the log, which is thread-safe.
 *
 * @param type the feature type
 * @param scheme how its features are partitioned
 * @param dtg the date attribute used for time bins and time pruning, or null
 * @param dir the type's directory
 * @param log its commit log
 */
record FsType(SimpleFeatureType type, PartitionScheme scheme, String dtg, Path dir, TxLog log) {
  /** User data key naming the date attribute of a type; default: the first Date attribute. */
  static final String DTG_KEY = "geostream.dtg";

  static FsType of(SimpleFeatureType type, PartitionScheme scheme, FileSystem fs, Path dir) {
    return new FsType(type, scheme, dateAttribute(type), dir, new TxLog(fs, dir));
  }

  static String dateAttribute(SimpleFeatureType type) {
    Object named = type.getUserData().get(DTG_KEY);
    if (named != null && type.getDescriptor(named.toString()) != null) {
      return named.toString();
    }
    for (AttributeDescriptor d : type.getAttributeDescriptors()) {
      if (Date.class.isAssignableFrom(d.getType().getBinding())) {
        return d.getLocalName();
      }
    }
    return null;
  }

  String geometry() {
    return type.getGeometryDescriptor() == null ? null : type.getGeometryDescriptor().getLocalName();
  }
}
