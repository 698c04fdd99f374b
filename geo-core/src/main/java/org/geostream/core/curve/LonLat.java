package org.geostream.core.curve;

import org.locationtech.jts.geom.Envelope;

/**
 * Validation and normalization of longitude / latitude shared by the curves of this package.
 *
 * <p>Every mapping from user space to a grid or to {@code [0, 1]} here is monotone (subtraction and
 * multiplication by a positive constant never reverse an order under IEEE rounding), which is what
 * makes key ranges planned from a query box cover every value indexed inside it.
 */
final class LonLat {

  static final double LON_MIN = -180.0;
  static final double LON_MAX = 180.0;
  static final double LAT_MIN = -90.0;
  static final double LAT_MAX = 90.0;

  private LonLat() {
  }

  /** Throws unless {@code lon} is in [-180, 180] (NaN is out of range). */
  static void checkLon(String action, double lon) {
    if (!(lon >= LON_MIN && lon <= LON_MAX)) {
      throw new IllegalArgumentException(
          "Cannot " + action + ": longitude out of range [-180, 180]: '" + lon + "'");
    }
  }

  /** Throws unless {@code lat} is in [-90, 90] (NaN is out of range). */
  static void checkLat(String action, double lat) {
    if (!(lat >= LAT_MIN && lat <= LAT_MAX)) {
      throw new IllegalArgumentException(
          "Cannot " + action + ": latitude out of range [-90, 90]: '" + lat + "'");
    }
  }

  /**
   * Grid column of a value in {@code [min, max]} on a grid of {@code 2^bits} cells: the closed upper
   * bound falls in the last cell.
   */
  static int cell(double value, double min, double max, int bits) {
    long cells = 1L << bits;
    long cell = (long) Math.floor((value - min) * (cells / (max - min)));
    return (int) Math.max(0, Math.min(cells - 1, cell));
  }

  /** A value of {@code [min, max]} scaled to {@code [0, 1]}. */
  static double normalize(double value, double min, double max) {
    return Math.min(1.0, Math.max(0.0, (value - min) / (max - min)));
  }

  /**
   * A query box clipped to the world, as {@code {minLon, minLat, maxLon, maxLat}}, or {@code null}
   * when it is empty or lies outside the world (no indexable value can match it).
   *
   * @throws NullPointerException if {@code box} is null
   * @throws IllegalArgumentException if a coordinate of {@code box} is NaN
   */
  static double[] clip(String action, Envelope box) {
    if (box == null) {
      throw new NullPointerException("Cannot " + action + ": a query box is null");
    }
    if (box.isNull()) {
      return null;
    }
    if (Double.isNaN(box.getMinX()) || Double.isNaN(box.getMaxX())
        || Double.isNaN(box.getMinY()) || Double.isNaN(box.getMaxY())) {
      throw new IllegalArgumentException("Cannot " + action + ": query box has a NaN coordinate: '" + box + "'");
    }
    double minLon = Math.max(LON_MIN, box.getMinX());
    double maxLon = Math.min(LON_MAX, box.getMaxX());
    double minLat = Math.max(LAT_MIN, box.getMinY());
    double maxLat = Math.min(LAT_MAX, box.getMaxY());
    if (minLon > maxLon || minLat > maxLat) {
      return null;
    }
    return new double[] {minLon, minLat, maxLon, maxLat};
  }
}
