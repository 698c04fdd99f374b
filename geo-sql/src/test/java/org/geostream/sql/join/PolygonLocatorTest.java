package org.geostream.sql.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The join's point location against what the SQL functions compute (JTS's unprepared RelateNG), on
 * every Natural Earth country (invalid ones included) and on invalid polygons built to make
 * ring-by-ring and all-rings-together location disagree.
 */
class PolygonLocatorTest {
  private static Map<String, Geometry> countries;

  @BeforeAll
  static void load() throws IOException {
    countries = Countries.geometries();
  }

  /** Random points in the envelope, every vertex, and points a little off each vertex. */
  private static List<Coordinate> probes(Geometry g, int random, Random r) {
    List<Coordinate> out = new ArrayList<>();
    Envelope e = g.getEnvelopeInternal();
    for (int i = 0; i < random; i++) {
      out.add(new Coordinate(e.getMinX() + r.nextDouble() * e.getWidth(), e.getMinY() + r.nextDouble() * e.getHeight()));
    }
    Coordinate[] vertices = g.getCoordinates();
    for (int i = 0; i < vertices.length; i += 7) {
      Coordinate v = vertices[i];
      out.add(new Coordinate(v.x, v.y));
      out.add(new Coordinate(Math.nextUp(v.x), v.y));
      if (i + 1 < vertices.length) {
        // The midpoint of an edge: on it or a rounding away.
        out.add(new Coordinate(v.x / 2 + vertices[i + 1].x / 2, v.y / 2 + vertices[i + 1].y / 2));
      }
    }
    return out;
  }

  private static int relateLocation(Geometry polygonal, Coordinate c) {
    Point p = GeometryCodec.FACTORY.createPoint(c);
    if (RelateNG.relate(polygonal, p, RelatePredicate.contains())) {
      return Location.INTERIOR;
    }
    return RelateNG.relate(polygonal, p, RelatePredicate.intersects()) ? Location.BOUNDARY : Location.EXTERIOR;
  }

  @Test
  void locatesEveryCountryPointAsRelateNgDoes() {
    Random r = new Random(7);
    int points = 0;
    int boundary = 0;
    for (Map.Entry<String, Geometry> e : countries.entrySet()) {
      Geometry g = e.getValue();
      BuildGeometry b = new BuildGeometry(null, 0, GeometryCodec.encode(g));
      for (Coordinate c : probes(g, 40, r)) {
        int expected = relateLocation(g, c);
        assertThat(b.locate(c)).as("%s at %s", e.getKey(), c).isEqualTo(expected);
        points++;
        boundary += expected == Location.BOUNDARY ? 1 : 0;
      }
    }
    assertThat(points).isGreaterThan(20_000);
    assertThat(boundary).isGreaterThan(1_000);
  }

  @Test
  void followsRelateNgWhereAllRingsTogetherWouldNot() throws Exception {
    WKTReader wkt = new WKTReader();
    // Overlapping parts; a hole sticking out of its shell; a bow-tie shell.
    String[] invalid = {
        "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((5 5,15 5,15 15,5 15,5 5)))",
        "POLYGON((0 0,10 0,10 10,0 10,0 0),(5 5,15 5,15 8,5 8,5 5))",
        "POLYGON((0 0,10 10,10 0,0 10,0 0))",
    };
    Coordinate[] at = {new Coordinate(7, 7), new Coordinate(12, 6), new Coordinate(5, 5), new Coordinate(2, 5),
        new Coordinate(10, 7), new Coordinate(7, 5), new Coordinate(5, 2), new Coordinate(12, 12)};
    int disagreements = 0;
    for (String text : invalid) {
      Geometry g = wkt.read(text);
      BuildGeometry b = new BuildGeometry(null, 0, GeometryCodec.encode(g));
      IndexedPointInAreaLocator together = new IndexedPointInAreaLocator(g);
      for (Coordinate c : at) {
        int expected = relateLocation(g, c);
        assertThat(b.locate(c)).as("%s at %s", text, c).isEqualTo(expected);
        disagreements += together.locate(c) != expected ? 1 : 0;
      }
    }
    // The cases do tell the two ways apart.
    assertThat(disagreements).isPositive();
  }
}
