package org.geostream.types.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.geostream.types.Errors;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Well-known text in and out. Reading accepts OGC/ISO WKT (with {@code Z}, {@code M}, {@code ZM})
 * and PostGIS EWKT ({@code SRID=4326;POINT(1 2)}); writing produces PostGIS's compact form
 * ({@code POINT(1 2)}, {@code POLYGON((0 0,1 0,1 1,0 0))}) with the shortest decimal that reads back
 * to the same double. Thread-safe.
 */
public final class Wkt {
  private static final ThreadLocal<WKTReader> READER = ThreadLocal.withInitial(() -> {
    WKTReader r = new WKTReader(GeometryCodec.FACTORY);
    r.setIsOldJtsCoordinateSyntaxAllowed(false);
    return r;
  });

  private Wkt() {}

  /**
   * Parses WKT or EWKT. Null gives null.
   *
   * @throws org.geostream.types.GeoStreamException for malformed text or non-finite coordinates,
   *     with the parser's reason and an excerpt of the text
   */
  public static Geometry read(String text) {
    if (text == null) {
      return null;
    }
    String body = text.trim();
    int srid = 0;
    if (body.regionMatches(true, 0, "SRID=", 0, 5)) {
      int semi = body.indexOf(';');
      if (semi < 0) {
        throw Errors.cannot("parse WKT", "EWKT 'SRID=' prefix without ';'", text);
      }
      try {
        srid = Integer.parseInt(body.substring(5, semi).trim());
      } catch (NumberFormatException e) {
        throw Errors.cannot("parse WKT", "SRID is not an integer", text);
      }
      body = body.substring(semi + 1);
    }
    Geometry g = FastWktReader.read(body, 0, body.length());
    if (g == null) {
      try {
        g = READER.get().read(body);
      } catch (ParseException | IllegalArgumentException e) {
        String tagged = withDimensionWords(body);
        try {
          g = tagged == null ? null : READER.get().read(tagged);
        } catch (ParseException | IllegalArgumentException again) {
          g = null;
        }
        if (g == null) {
          throw Errors.cannot("parse WKT", String.valueOf(e.getMessage()), text);
        }
      }
    }
    Geometries.requireFinite(g, "parse WKT", text);
    if (srid != 0) {
      g.setSRID(srid);
    }
    return g;
  }

  private static final Pattern TYPE_WORD = Pattern.compile(
      "(?i)\\b(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)\\s*(?=\\(|EMPTY)");
  private static final Pattern FIRST_POSITION = Pattern.compile("[(,]\\s*([-+.0-9][^(),]*?)\\s*[,)]");

  /**
   * PostGIS's EWKT writes Z and ZM without dimension words ({@code POINT(1 2 3)}, {@code POINT(1 2 3 4)}),
   * which strict WKT rejects: the text with {@code Z} or {@code ZM} after every type word, judged by the
   * first position's ordinate count, or null when that count is neither 3 nor 4.
   */
  static String withDimensionWords(String body) {
    Matcher first = FIRST_POSITION.matcher(body);
    if (!first.find()) {
      return null;
    }
    int ordinates = first.group(1).split("\\s+").length;
    String tag = ordinates == 3 ? " Z " : ordinates == 4 ? " ZM " : null;
    return tag == null ? null : TYPE_WORD.matcher(body).replaceAll("$1" + tag);
  }

  /** PostGIS-style WKT of {@code g} (no SRID); null gives null. */
  public static String write(Geometry g) {
    if (g == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(64);
    Dims d = Dims.of(g, false);
    writeTagged(g, d, sb);
    return sb.toString();
  }

  /**
   * EWKT in PostGIS's own dialect (as its ST_AsEWKT): {@code SRID=n;} when the SRID is non-zero, no
   * dimension words for Z and ZM ({@code POINT(1 2 3)}), an {@code M} suffix on every type name when
   * only M is present ({@code POINTM(1 2 3)}), and multipoint members without parentheses.
   */
  public static String writeExtended(Geometry g) {
    if (g == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(64);
    if (g.getSRID() != 0) {
      sb.append("SRID=").append(g.getSRID()).append(';');
    }
    writeTagged(g, Dims.of(g, true), sb);
    return sb.toString();
  }

  /** Which ordinates a geometry carries, decided once for the whole value, and the dialect. */
  record Dims(boolean z, boolean m, boolean extended) {
    static Dims of(Geometry g, boolean extended) {
      int[] zm = new int[2];
      GeometryCodec.scanDimensions(g, zm);
      return new Dims(zm[0] != 0, zm[1] != 0, extended);
    }

    /** What follows the type name before the body or EMPTY, spaces included. */
    String tag() {
      if (extended) {
        return m && !z ? "M" : "";
      }
      return z && m ? " ZM " : z ? " Z " : m ? " M " : "";
    }
  }

  private static void writeTagged(Geometry g, Dims d, StringBuilder sb) {
    String name = Geometries.typeName(g).toUpperCase(java.util.Locale.ROOT);
    sb.append(name);
    String tag = d.tag();
    // A collection of empty members is itself empty, but PostGIS lists its members.
    if (g instanceof GeometryCollection ? g.getNumGeometries() == 0 : g.isEmpty()) {
      sb.append(tag.endsWith(" ") ? tag : tag + " ").append("EMPTY");
      return;
    }
    sb.append(tag);
    writeBody(g, d, sb);
  }

  private static void writeBody(Geometry g, Dims d, StringBuilder sb) {
    if (g instanceof Point p) {
      sb.append('(');
      writeCoordinate(p.getCoordinateSequence(), 0, d, sb);
      sb.append(')');
    } else if (g instanceof LineString l) {
      writeSequence(l.getCoordinateSequence(), d, sb);
    } else if (g instanceof Polygon p) {
      writePolygon(p, d, sb);
    } else if (g instanceof GeometryCollection c) {
      sb.append('(');
      boolean typed = c.getClass() == GeometryCollection.class;
      for (int i = 0; i < c.getNumGeometries(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        Geometry part = c.getGeometryN(i);
        if (typed) {
          writeTagged(part, d, sb);
        } else if (part.isEmpty()) {
          sb.append("EMPTY");
        } else if (d.extended() && part instanceof Point p) {
          writeCoordinate(p.getCoordinateSequence(), 0, d, sb);
        } else {
          writeBody(part, d, sb);
        }
      }
      sb.append(')');
    }
  }

  private static void writePolygon(Polygon p, Dims d, StringBuilder sb) {
    if (p.isEmpty()) {
      sb.append("EMPTY");
      return;
    }
    sb.append('(');
    writeSequence(p.getExteriorRing().getCoordinateSequence(), d, sb);
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      sb.append(',');
      writeSequence(p.getInteriorRingN(i).getCoordinateSequence(), d, sb);
    }
    sb.append(')');
  }

  private static void writeSequence(CoordinateSequence seq, Dims d, StringBuilder sb) {
    if (seq.size() == 0) {
      sb.append("EMPTY");
      return;
    }
    sb.append('(');
    for (int i = 0; i < seq.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      writeCoordinate(seq, i, d, sb);
    }
    sb.append(')');
  }

  private static void writeCoordinate(CoordinateSequence seq, int i, Dims d, StringBuilder sb) {
    Numbers.append(seq.getX(i), sb);
    sb.append(' ');
    Numbers.append(seq.getY(i), sb);
    if (d.z()) {
      sb.append(' ');
      Numbers.append(seq.hasZ() ? seq.getZ(i) : Double.NaN, sb);
    }
    if (d.m()) {
      sb.append(' ');
      Numbers.append(seq.hasM() ? seq.getM(i) : Double.NaN, sb);
    }
  }

  /** Coordinate text of one JTS coordinate, as WKT writes it: "x y". */
  public static String coordinate(Coordinate c) {
    StringBuilder sb = new StringBuilder();
    Numbers.append(c.x, sb);
    sb.append(' ');
    Numbers.append(c.y, sb);
    return sb.toString();
  }
}
