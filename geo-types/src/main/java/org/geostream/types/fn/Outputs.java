package org.geostream.types.fn;

import static org.geostream.types.fn.ValueType.BINARY;
import static org.geostream.types.fn.ValueType.GEOMETRY;
import static org.geostream.types.fn.ValueType.STRING;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.geostream.types.codec.GeometryCodec;
import org.geostream.types.io.GeoJson;
import org.geostream.types.io.Wkt;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/** Outputs and casts: text, binary and GeoJSON forms, lat/lon text, and GeoMesa's casts. */
final class Outputs {
  private Outputs() {}

  static void define(Catalog c) {
    c.fn("st_asText", STRING, "WKT in PostGIS's compact form, without SRID; coordinates in shortest round-trip decimal.",
        "st_asText(st_geomFromText('POLYGON((0 0,1 0,1 1,0 0))'))")
        .g(Wkt::write);
    c.alias("st_asWKT", "st_asText");
    c.fn("st_asEWKT", STRING, "EWKT: WKT prefixed with `SRID=n;` when the geometry has an SRID.",
        "st_asEWKT(st_geomFromText('POINT(1 2)', 4326))")
        .g(Wkt::writeExtended);
    c.fn("st_asBinary", BINARY, "ISO WKB, little-endian (PostGIS's default; GeoMesa writes big-endian), without SRID.",
        "hex(st_asBinary(st_point(1, 2)))")
        .direct(Fast.class, "asBinary", ValueType.GEOMETRY_BYTES);
    c.fn("st_asBinary", BINARY, "ISO WKB in the byte order named by `'NDR'` (little-endian) or `'XDR'` (big-endian).",
        "hex(st_asBinary(st_point(1, 2), 'XDR'))")
        .k(a -> wkb((Geometry) a[0], byteOrder((String) a[1])), GEOMETRY, STRING);
    c.alias("st_asWKB", "st_asBinary");
    c.fn("st_asEWKB", BINARY, "EWKB, little-endian, with the SRID: exactly the bytes GeoStream stores.",
        "hex(st_asEWKB(st_geomFromText('SRID=4326;POINT(1 2)')))")
        .k(a -> a[0], ValueType.GEOMETRY_BYTES);
    c.fn("st_asHexEWKB", STRING, "EWKB as upper-case hex, as PostGIS prints geometries.",
        "st_asHexEWKB(st_point(1, 2))")
        .k(a -> WKBWriter.toHex((byte[]) a[0]), ValueType.GEOMETRY_BYTES);
    c.fn("st_asGeoJSON", STRING, "A GeoJSON geometry object with full double precision.",
        "st_asGeoJSON(st_point(1, 2))")
        .g(GeoJson::write);
    c.fn("st_asLatLonText", STRING,
        "Degrees, minutes and seconds of a point, latitude first: `38°30'0.000\"N 76°30'0.000\"W`. Negative values keep their degrees (GeoMesa's floor gives 77° for -76.5).",
        "st_asLatLonText(st_point(-76.5, 38.5))")
        .g(g -> latLonText(Args.point(g, "st_asLatLonText")));

    c.fn("st_castToPoint", GEOMETRY, "The geometry typed as a point; an error naming the type when it is not one.",
        "st_asText(st_castToPoint(st_geomFromText('POINT(1 2)')))")
        .g(g -> cast(g, Point.class, "st_castToPoint"));
    c.fn("st_castToLineString", GEOMETRY, "The geometry typed as a line string; an error when it is not one.",
        "st_asText(st_castToLineString(st_geomFromText('LINESTRING(0 0,1 1)')))")
        .g(g -> cast(g, LineString.class, "st_castToLineString"));
    c.fn("st_castToPolygon", GEOMETRY, "The geometry typed as a polygon; an error when it is not one.",
        "st_asText(st_castToPolygon(st_geomFromText('POLYGON((0 0,1 0,1 1,0 0))')))")
        .g(g -> cast(g, Polygon.class, "st_castToPolygon"));
    c.fn("st_castToGeometry", ValueType.GEOMETRY_BYTES, "The value typed as a general geometry (widens point, polygon, … columns).",
        "st_asText(st_castToGeometry(st_point(1, 2)))")
        .k(a -> a[0], ValueType.GEOMETRY_BYTES);
    c.fn("st_byteArray", BINARY, "The UTF-8 bytes of a string.", "hex(st_byteArray('POINT'))")
        .s(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  private static Geometry cast(Geometry g, Class<? extends Geometry> type, String fn) {
    if (!type.isInstance(g)) {
      throw Args.bad(fn, "geometry is a " + g.getGeometryType() + ", not a " + type.getSimpleName(), g);
    }
    return g;
  }

  private static int byteOrder(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "NDR" -> ByteOrderValues.LITTLE_ENDIAN;
      case "XDR" -> ByteOrderValues.BIG_ENDIAN;
      default -> throw Args.bad("st_asBinary", "byte order must be 'NDR' or 'XDR'", name);
    };
  }

  static byte[] wkb(Geometry g, int order) {
    int[] zm = Accessors.dims(g);
    int dim = 2 + zm[0] + zm[1];
    WKBWriter w = new WKBWriter(dim, order, false);
    if (zm[1] == 1 && zm[0] == 0) {
      // X, Y, M: without naming the ordinates JTS would flag the third one as Z.
      w.setOutputOrdinates(java.util.EnumSet.of(org.locationtech.jts.io.Ordinate.X, org.locationtech.jts.io.Ordinate.Y,
          org.locationtech.jts.io.Ordinate.M));
    }
    if (g.isEmpty() && g instanceof Point) {
      byte[] out = GeometryCodec.encodePoint(Double.NaN, Double.NaN, 0);
      return order == ByteOrderValues.LITTLE_ENDIAN ? out : new WKBWriter(2, order).write(GeometryCodec.decode(out));
    }
    return isoFlags(w.write(g), order);
  }

  /** JTS writes EWKB-style Z/M flags; ISO WKB wants type codes 1000/2000/3000 + base. */
  private static byte[] isoFlags(byte[] b, int order) {
    fixTypes(b, new int[] {0}, order == ByteOrderValues.LITTLE_ENDIAN);
    return b;
  }

  private static void fixTypes(byte[] b, int[] pos, boolean le) {
    int p = pos[0];
    int word = readInt(b, p + 1, le);
    boolean z = (word & 0x80000000) != 0;
    boolean m = (word & 0x40000000) != 0;
    int base = word & 0xFF;
    int iso = base + (z && m ? 3000 : z ? 1000 : m ? 2000 : 0);
    writeInt(b, p + 1, iso, le);
    int dim = 2 + (z ? 1 : 0) + (m ? 1 : 0);
    p += 5;
    switch (base) {
      case 1 -> p += 8 * dim;
      case 2 -> p += 4 + 8 * dim * readInt(b, p, le);
      case 3 -> {
        int rings = readInt(b, p, le);
        p += 4;
        for (int r = 0; r < rings; r++) {
          p += 4 + 8 * dim * readInt(b, p, le);
        }
      }
      default -> {
        int n = readInt(b, p, le);
        p += 4;
        pos[0] = p;
        for (int i = 0; i < n; i++) {
          fixTypes(b, pos, le);
        }
        return;
      }
    }
    pos[0] = p;
  }

  private static int readInt(byte[] b, int p, boolean le) {
    return le
        ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24
        : (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
  }

  private static void writeInt(byte[] b, int p, int v, boolean le) {
    for (int i = 0; i < 4; i++) {
      b[p + (le ? i : 3 - i)] = (byte) (v >>> (8 * i));
    }
  }

  static String latLonText(Point p) {
    if (p.isEmpty()) {
      throw Args.bad("st_asLatLonText", "an empty point has no position to format", p);
    }
    return dms(p.getY(), 'N', 'S') + " " + dms(p.getX(), 'E', 'W');
  }

  private static String dms(double value, char positive, char negative) {
    double abs = Math.abs(value);
    int degrees = (int) Math.floor(abs);
    double minutesExact = (abs - degrees) * 60;
    int minutes = (int) Math.floor(minutesExact);
    double seconds = (minutesExact - minutes) * 60;
    String s = String.format(Locale.ROOT, "%.3f", seconds);
    if (s.equals("60.000")) {
      s = "0.000";
      minutes++;
      if (minutes == 60) {
        minutes = 0;
        degrees++;
      }
    }
    return degrees + "\u00B0" + minutes + "'" + s + "\"" + (value < 0 ? negative : positive);
  }
}
