package org.geostream.types.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.geostream.types.Errors;
import org.geostream.types.GeoStreamException;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * GeoJSON geometry objects (RFC 7946) in and out. Reading accepts the seven geometry types, with 2
 * or 3 positions per coordinate; a {@code Feature} or {@code FeatureCollection} is not a geometry and
 * is refused with a message saying so. As in PostGIS 3, a geometry read without a {@code crs} member
 * gets SRID 4326; a legacy {@code crs} naming {@code EPSG:n} sets SRID n. Writing produces compact
 * JSON with full double precision and no {@code crs}. Thread-safe.
 */
public final class GeoJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final GeometryFactory F = GeometryCodec.FACTORY;
  private static final String ACTION = "parse GeoJSON";

  private GeoJson() {}

  /**
   * Parses a GeoJSON geometry object; null gives null.
   *
   * @throws GeoStreamException for malformed JSON, unknown or missing types, features, bad
   *     coordinates, with an excerpt of the text
   */
  public static Geometry read(String text) {
    if (text == null) {
      return null;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw Errors.cannot(ACTION, "malformed JSON (" + e.getOriginalMessage() + ")", text);
    }
    if (root == null || !root.isObject()) {
      throw Errors.cannot(ACTION, "expected a JSON object", text);
    }
    try {
      Geometry g = geometry(root);
      Geometries.requireFinite(g, ACTION, text);
      g.setSRID(srid(root));
      return g;
    } catch (IllegalArgumentException e) {
      throw Errors.cannot(ACTION, String.valueOf(e.getMessage()), text);
    } catch (Fail f) {
      throw Errors.cannot(ACTION, f.getMessage(), text);
    }
  }

  /** Internal signal carrying a reason; turned into a user error with the whole input attached. */
  private static final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fail(String reason) {
      super(reason, null, false, false);
    }
  }

  private static int srid(JsonNode root) {
    JsonNode name = root.path("crs").path("properties").path("name");
    if (name.isTextual()) {
      String s = name.asText();
      int colon = s.lastIndexOf(':');
      String code = s.substring(colon + 1);
      if (s.endsWith("CRS84")) {
        return 4326;
      }
      try {
        return Integer.parseInt(code);
      } catch (NumberFormatException e) {
        throw new Fail("cannot read SRID from crs name '" + s + "'");
      }
    }
    return 4326;
  }

  private static Geometry geometry(JsonNode node) {
    JsonNode typeNode = node.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      throw new Fail("member 'type' is missing");
    }
    String type = typeNode.asText();
    if (type.equals("GeometryCollection")) {
      JsonNode members = node.get("geometries");
      if (members == null || !members.isArray()) {
        throw new Fail("a GeometryCollection needs an array member 'geometries'");
      }
      Geometry[] parts = new Geometry[members.size()];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = geometry(members.get(i));
      }
      return F.createGeometryCollection(parts);
    }
    if (type.equals("Feature") || type.equals("FeatureCollection")) {
      throw new Fail("a GeoJSON " + type + " is not a geometry; pass its 'geometry' member");
    }
    JsonNode c = node.get("coordinates");
    if (c == null || !c.isArray()) {
      throw new Fail("a " + type + " needs an array member 'coordinates'");
    }
    return switch (type) {
      case "Point" -> c.size() == 0 ? F.createPoint() : F.createPoint(position(c));
      case "LineString" -> F.createLineString(positions(c));
      case "Polygon" -> polygon(c);
      case "MultiPoint" -> {
        Point[] pts = new Point[c.size()];
        for (int i = 0; i < pts.length; i++) {
          pts[i] = F.createPoint(position(c.get(i)));
        }
        yield F.createMultiPoint(pts);
      }
      case "MultiLineString" -> {
        LineString[] ls = new LineString[c.size()];
        for (int i = 0; i < ls.length; i++) {
          ls[i] = F.createLineString(positions(c.get(i)));
        }
        yield F.createMultiLineString(ls);
      }
      case "MultiPolygon" -> {
        Polygon[] ps = new Polygon[c.size()];
        for (int i = 0; i < ps.length; i++) {
          ps[i] = polygon(c.get(i));
        }
        yield F.createMultiPolygon(ps);
      }
      default -> throw new Fail("unknown geometry type '" + type + "'");
    };
  }

  private static Polygon polygon(JsonNode rings) {
    if (!rings.isArray()) {
      throw new Fail("polygon rings must be arrays");
    }
    if (rings.size() == 0) {
      return F.createPolygon();
    }
    LinearRing shell = F.createLinearRing(positions(rings.get(0)));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 0; i < holes.length; i++) {
      holes[i] = F.createLinearRing(positions(rings.get(i + 1)));
    }
    return F.createPolygon(shell, holes);
  }

  private static Coordinate[] positions(JsonNode arr) {
    if (!arr.isArray()) {
      throw new Fail("expected an array of positions, found " + arr);
    }
    Coordinate[] cs = new Coordinate[arr.size()];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = position(arr.get(i));
    }
    return cs;
  }

  private static Coordinate position(JsonNode p) {
    if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
      throw new Fail("a position must be an array of 2 or 3 numbers, found " + p);
    }
    Coordinate c = new Coordinate(p.get(0).asDouble(), p.get(1).asDouble());
    if (p.size() > 2 && p.get(2).isNumber()) {
      c.setZ(p.get(2).asDouble());
    }
    return c;
  }

  /** Compact GeoJSON of {@code g} (Z written when present, M dropped); null gives null. */
  public static String write(Geometry g) {
    if (g == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(64);
    int[] zm = new int[2];
    GeometryCodec.scanDimensions(g, zm);
    write(g, zm[0] != 0, sb);
    return sb.toString();
  }

  private static void write(Geometry g, boolean z, StringBuilder sb) {
    sb.append("{\"type\":\"").append(Geometries.typeName(g)).append('"');
    if (g.getClass() == GeometryCollection.class) {
      sb.append(",\"geometries\":[");
      for (int i = 0; i < g.getNumGeometries(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(g.getGeometryN(i), z, sb);
      }
      sb.append("]}");
      return;
    }
    sb.append(",\"coordinates\":");
    coordinates(g, z, sb);
    sb.append('}');
  }

  private static void coordinates(Geometry g, boolean z, StringBuilder sb) {
    if (g instanceof Point p) {
      if (p.isEmpty()) {
        sb.append("[]");
      } else {
        position(p.getCoordinateSequence(), 0, z, sb);
      }
    } else if (g instanceof LineString l) {
      sequence(l.getCoordinateSequence(), z, sb);
    } else if (g instanceof Polygon p) {
      sb.append('[');
      if (!p.isEmpty()) {
        sequence(p.getExteriorRing().getCoordinateSequence(), z, sb);
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
          sb.append(',');
          sequence(p.getInteriorRingN(i).getCoordinateSequence(), z, sb);
        }
      }
      sb.append(']');
    } else {
      sb.append('[');
      for (int i = 0; i < g.getNumGeometries(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        coordinates(g.getGeometryN(i), z, sb);
      }
      sb.append(']');
    }
  }

  private static void sequence(CoordinateSequence seq, boolean z, StringBuilder sb) {
    sb.append('[');
    for (int i = 0; i < seq.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      position(seq, i, z, sb);
    }
    sb.append(']');
  }

  private static void position(CoordinateSequence seq, int i, boolean z, StringBuilder sb) {
    sb.append('[');
    Numbers.append(seq.getX(i), sb);
    sb.append(',');
    Numbers.append(seq.getY(i), sb);
    if (z) {
      sb.append(',');
      Numbers.append(seq.hasZ() ? seq.getZ(i) : 0, sb);
    }
    sb.append(']');
  }
}
