package org.geostream.store.fs;

import java.io.Serializable;
import org.locationtech.jts.geom.Envelope;

/**
 * One committed data file of a feature type, as the commit log records it: enough to prune it
 * without opening it. Immutable.
 *
 * @param path the file, relative to the type's directory
 * @param partition the partition directory it belongs to
 * @param rows number of features
 * @param bytes file size
 * @param bbox {@code [minx, miny, maxx, maxy]} of the default geometries, null when all are null or empty
 * @param minTime earliest date attribute (epoch milliseconds), null when none
 * @param maxTime latest date attribute, null when none
 * @param minFid smallest feature id (string order)
 * @param maxFid largest feature id
 */
public record DataFile(String path, String partition, long rows, long bytes, double[] bbox, Long minTime,
    Long maxTime, String minFid, String maxFid) implements Serializable {

  /** The bounds as an envelope, null when none. */
  public Envelope envelope() {
    return bbox == null ? null : new Envelope(bbox[0], bbox[2], bbox[1], bbox[3]);
  }

  /** True when the file may hold a feature with id {@code fid}. */
  public boolean mayHoldFid(String fid) {
    return minFid != null && fid.compareTo(minFid) >= 0 && fid.compareTo(maxFid) <= 0;
  }
}
