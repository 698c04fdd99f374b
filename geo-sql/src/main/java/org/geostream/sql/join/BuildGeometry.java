package org.geostream.sql.join;

import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.TopologyPredicate;
import org.locationtech.jts.operation.valid.IsValidOp;

/**
 * One geometry of a join's build side, prepared for the many probe geometries tested against it.
 * Only what every geometry needs is computed up front: its {@link Extent} (read from the encoded
 * value), its SRID, and for a 2D point its coordinates. The rest is built on first need: the decoded
 * geometry (kept from its second use on), a {@link PolygonLocator} per polygon for point-in-polygon
 * tests, and a prepared {@link RelateNG} once the geometry has been related to enough probes to
 * repay it.
 *
 * <p>The row it came from travels with it as an opaque payload. Thread-safe: lazily built parts are
 * built under this object's lock and published safely.
 */
public final class BuildGeometry {
  /** Relate calls after which a geometry is prepared, unless it is large enough to prepare at once. */
  private static final int PREPARE_AFTER = 4;
  private static final int PREPARE_VERTICES = 64;
  /** Encoded size (about 64 vertices) above which a decoded geometry is kept at once. */
  private static final int KEEP_DECODED_BYTES = 1024;

  private final Object row;
  private final int id;
  private final byte[] encoded;
  private final int srid;
  private final boolean simplePoint;
  private final double x;
  private final double y;
  private final double minX;
  private final double minY;
  private final double maxX;
  private final double maxY;
  private final boolean empty;
  private final int polygons;
  private final Envelope[] partExtents;
  private volatile Geometry geometry;
  /** Decodes so far (a hint, racy by design: at worst a geometry is decoded once more). */
  private int decodes;
  private volatile PolygonLocator[] locators;
  private RelateNG prepared;
  private Boolean valid;
  private int relateCalls;
  /** 0 not yet known, 1 {@link PolygonIntersects#applies}, 2 not; computed idempotently. */
  private volatile byte fastIntersects;

  /**
   * Reads {@code encoded} (the GeoStream geometry encoding) for row {@code row}.
   *
   * @param id a number unique within one index (the order of insertion)
   */
  public BuildGeometry(Object row, int id, byte[] encoded) {
    this.row = row;
    this.id = id;
    this.encoded = encoded;
    this.srid = GeometryCodec.srid(encoded);
    this.simplePoint = GeometryCodec.isSimplePoint(encoded);
    x = simplePoint ? GeometryCodec.simplePointX(encoded) : Double.NaN;
    y = simplePoint ? GeometryCodec.simplePointY(encoded) : Double.NaN;
    Envelope extent = Extent.of(encoded);
    empty = extent.isNull();
    minX = extent.getMinX();
    minY = extent.getMinY();
    maxX = extent.getMaxX();
    maxY = extent.getMaxY();
    int type = simplePoint || encoded.length < 5 ? 1 : baseType(encoded);
    if (!empty && type == 6) {
      Geometry g = geometry();
      polygons = g instanceof MultiPolygon ? g.getNumGeometries() : 0;
      partExtents = new Envelope[polygons];
      for (int i = 0; i < polygons; i++) {
        partExtents[i] = Extent.of(g.getGeometryN(i));
      }
    } else {
      polygons = !empty && type == 3 ? 1 : 0;
      partExtents = null;
    }
  }

  /** The WKB base type (1 point ... 7 collection) of an encoded value, 0 when unreadable. */
  private static int baseType(byte[] b) {
    int word = b[0] == 1
        ? (b[1] & 0xFF) | (b[2] & 0xFF) << 8 | (b[3] & 0xFF) << 16 | (b[4] & 0xFF) << 24
        : (b[4] & 0xFF) | (b[3] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[1] & 0xFF) << 24;
    return (word & 0x0FFFFFFF) % 1000;
  }

  /** The row this geometry came from. */
  public Object row() {
    return row;
  }

  /** The number given at construction. */
  public int id() {
    return id;
  }

  /**
   * The decoded geometry. It is kept from the second call on (or the first, for a large one): most
   * build geometries of a partitioned join meet one probe or none, and keeping a decoded copy of each
   * for the whole task costs more in garbage collection than decoding it again.
   */
  public Geometry geometry() {
    Geometry g = geometry;
    if (g == null) {
      g = GeometryCodec.decode(encoded);
      if (++decodes >= 2 || encoded.length > KEEP_DECODED_BYTES) {
        geometry = g;
      }
    }
    return g;
  }

  /** The SRID of the encoded value, 0 when none. */
  public int srid() {
    return srid;
  }

  /** Whether the value was encoded as a 2D point ({@link GeometryCodec#isSimplePoint}). */
  public boolean simplePoint() {
    return simplePoint;
  }

  /** X of a simple point, read from the encoded value. */
  public double x() {
    return x;
  }

  /** Y of a simple point, read from the encoded value. */
  public double y() {
    return y;
  }

  /** Whether the geometry is empty (it then satisfies no join predicate). */
  public boolean isEmpty() {
    return empty;
  }

  /** The {@link Extent} of the geometry (a new object); a null envelope when it is empty. */
  public Envelope envelope() {
    return empty ? new Envelope() : new Envelope(minX, maxX, minY, maxY);
  }

  /** The extent's least x (meaningless when {@link #isEmpty}). */
  public double minX() {
    return minX;
  }

  /** The extent's least y (meaningless when {@link #isEmpty}). */
  public double minY() {
    return minY;
  }

  /** The extent's greatest x (meaningless when {@link #isEmpty}). */
  public double maxX() {
    return maxX;
  }

  /** The extent's greatest y (meaningless when {@link #isEmpty}). */
  public double maxY() {
    return maxY;
  }

  /** The number of polygons when the geometry is a non-empty Polygon or MultiPolygon, else 0. */
  public int polygonCount() {
    return polygons;
  }

  /** The {@link Extent} of polygon {@code part} (see {@link #polygonCount}). */
  public Envelope partExtent(int part) {
    return partExtents == null ? envelope() : partExtents[part];
  }

  /**
   * The location of {@code p} in polygon {@code part}, as {@code SimplePointInAreaLocator} locates
   * it in that polygon.
   */
  public int locateInPart(int part, Coordinate p) {
    return locators()[part].locate(p);
  }

  /**
   * The location of {@code p} in the whole polygonal geometry, as {@code SimplePointInAreaLocator}:
   * the location in the first polygon (in order) where it is not EXTERIOR.
   */
  public int locate(Coordinate p) {
    if (p.x < minX || p.x > maxX || p.y < minY || p.y > maxY) {
      return Location.EXTERIOR;
    }
    for (PolygonLocator part : locators()) {
      int loc = part.locate(p);
      if (loc != Location.EXTERIOR) {
        return loc;
      }
    }
    return Location.EXTERIOR;
  }

  private PolygonLocator[] locators() {
    PolygonLocator[] l = locators;
    if (l == null) {
      synchronized (this) {
        l = locators;
        if (l == null) {
          Geometry g = geometry();
          l = new PolygonLocator[g.getNumGeometries()];
          for (int i = 0; i < l.length; i++) {
            l[i] = new PolygonLocator((Polygon) g.getGeometryN(i));
          }
          locators = l;
        }
      }
    }
    return l;
  }

  /** Whether {@link PolygonIntersects} decides this geometry, {@code decoded} being {@link #geometry()}. */
  boolean fastIntersects(Geometry decoded) {
    byte f = fastIntersects;
    if (f == 0) {
      f = polygons > 0 && PolygonIntersects.applies(decoded, envelope()) ? (byte) 1 : 2;
      fastIntersects = f;
    }
    return f == 1;
  }

  /**
   * Evaluates {@code predicate} with this geometry as A and {@code b} as B, with the result of
   * {@code RelateNG.relate(geometry, b, predicate)}. A geometry related to many probes (or a large
   * one) is prepared once it proves valid: prepared mode only swaps RelateNG's point locators for
   * indexed ones, which agree on valid geometries; an invalid one is always related unprepared.
   */
  public boolean relate(Geometry b, TopologyPredicate predicate) {
    Geometry a = geometry();
    synchronized (this) {
      if (prepared == null && valid == null && (++relateCalls >= PREPARE_AFTER || a.getNumPoints() >= PREPARE_VERTICES)) {
        valid = IsValidOp.isValid(a);
        if (valid) {
          prepared = RelateNG.prepare(a);
        }
      }
      if (prepared != null) {
        // RelateNG keeps per-call state: one evaluation at a time.
        return prepared.evaluate(b, predicate);
      }
    }
    return RelateNG.relate(a, b, predicate);
  }
}
