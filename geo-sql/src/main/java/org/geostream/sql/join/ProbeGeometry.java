package org.geostream.sql.join;

import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The geometry of the probe row being joined: either a 2D point known by its coordinates (no
 * encoded value is needed, as for {@code st_point(x, y)}) or an encoded value, decoded on first
 * need. One instance is reused for every row of a task; not thread-safe.
 */
public final class ProbeGeometry {
  private byte[] encoded;
  private boolean point;
  private double x;
  private double y;
  private int srid;
  private Geometry geometry;
  private Envelope envelope;
  private final Coordinate coordinate = new Coordinate();
  private final PolygonIntersects polygonIntersects = new PolygonIntersects();
  /** 0 not yet known, 1 {@link PolygonIntersects#applies}, 2 not. */
  private byte fastIntersects;

  /** Sets a 2D point with SRID 0 (the value {@code st_point(x, y)} would encode). */
  public void setPoint(double x, double y) {
    this.encoded = null;
    this.point = true;
    this.x = x;
    this.y = y;
    this.srid = 0;
    this.geometry = null;
    this.envelope = null;
    this.fastIntersects = 2;
  }

  /** Sets an encoded geometry value. */
  public void setEncoded(byte[] value) {
    this.encoded = value;
    this.point = GeometryCodec.isSimplePoint(value);
    this.x = point ? GeometryCodec.simplePointX(value) : Double.NaN;
    this.y = point ? GeometryCodec.simplePointY(value) : Double.NaN;
    this.srid = GeometryCodec.srid(value);
    this.geometry = null;
    this.envelope = null;
    this.fastIntersects = point ? (byte) 2 : 0;
  }

  /** Whether {@link PolygonIntersects} decides this geometry (decodes it). */
  boolean fastIntersects() {
    if (fastIntersects == 0) {
      fastIntersects = PolygonIntersects.applies(geometry(), envelope()) ? (byte) 1 : 2;
    }
    return fastIntersects == 1;
  }

  /** This thread's {@link PolygonIntersects}. */
  PolygonIntersects polygonIntersects() {
    return polygonIntersects;
  }

  /** Whether the value is a 2D point (possibly empty: NaN coordinates). */
  public boolean simplePoint() {
    return point;
  }

  /** X of a simple point. */
  public double x() {
    return x;
  }

  /** Y of a simple point. */
  public double y() {
    return y;
  }

  /** The point as a coordinate (the same object each time). */
  public Coordinate coordinate() {
    coordinate.x = x;
    coordinate.y = y;
    return coordinate;
  }

  /** The SRID, 0 when none. */
  public int srid() {
    return srid;
  }

  /** The decoded geometry (decoded once per row). */
  public Geometry geometry() {
    if (geometry == null) {
      geometry = encoded != null ? GeometryCodec.decode(encoded) : GeometryCodec.FACTORY.createPoint(new Coordinate(x, y));
    }
    return geometry;
  }

  /** The {@link Extent}; a null envelope when the geometry is empty. */
  public Envelope envelope() {
    if (envelope == null) {
      if (point) {
        envelope = Double.isNaN(x) || Double.isNaN(y) ? new Envelope() : new Envelope(x, x, y, y);
      } else {
        envelope = geometry != null ? Extent.of(geometry) : Extent.of(encoded);
      }
    }
    return envelope;
  }

  /** Whether the geometry is empty (it then satisfies no join predicate). */
  public boolean isEmpty() {
    return point ? Double.isNaN(x) || Double.isNaN(y) : envelope().isNull();
  }
}
