package org.geostream.sql.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;
import org.junit.jupiter.api.Test;

/**
 * The join's polygon intersection test against RelateNG (what {@code st_intersects} runs), on random
 * polygons of a coarse lattice (so that many touch at vertices and along edges), with holes, several
 * parts, bow-ties, collapsed rings and repeated vertices.
 */
class PolygonIntersectsTest {
  private static final GeometryFactory F = new GeometryFactory();

  private static Coordinate c(Random r, double ox, double oy) {
    return new Coordinate(ox + r.nextInt(9) / 2.0, oy + r.nextInt(9) / 2.0);
  }

  private static LinearRing ring(Random r, double ox, double oy) {
    int n = 3 + r.nextInt(5);
    Coordinate[] pts = new Coordinate[n + 1];
    for (int i = 0; i < n; i++) {
      pts[i] = i > 0 && r.nextInt(8) == 0 ? pts[i - 1].copy() : c(r, ox, oy);
    }
    pts[n] = pts[0].copy();
    return F.createLinearRing(pts);
  }

  private static Polygon polygon(Random r, double ox, double oy) {
    LinearRing shell = ring(r, ox, oy);
    if (r.nextInt(3) > 0) {
      return F.createPolygon(shell);
    }
    // A hole: a ring of the shell's box, so that it stays inside the envelope.
    org.locationtech.jts.geom.Envelope e = shell.getEnvelopeInternal();
    double x = e.getMinX() + (e.getWidth() > 0 ? r.nextInt(3) * e.getWidth() / 4 : 0);
    double y = e.getMinY() + (e.getHeight() > 0 ? r.nextInt(3) * e.getHeight() / 4 : 0);
    double w = e.getWidth() / 4;
    double h = e.getHeight() / 4;
    LinearRing hole = F.createLinearRing(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + w, y),
        new Coordinate(x + w, y + h), new Coordinate(x, y + h), new Coordinate(x, y)});
    return F.createPolygon(shell, new LinearRing[] {hole});
  }

  private static Geometry shape(Random r) {
    double ox = r.nextInt(4);
    double oy = r.nextInt(4);
    if (r.nextInt(4) == 0) {
      return F.createMultiPolygon(new Polygon[] {polygon(r, ox, oy), polygon(r, ox + r.nextInt(3), oy)});
    }
    return polygon(r, ox, oy);
  }

  @Test
  void agreesWithRelateNgOnRandomPolygons() {
    Random r = new Random(11);
    PolygonIntersects fast = new PolygonIntersects();
    int decided = 0;
    int touching = 0;
    for (int i = 0; i < 60_000; i++) {
      Geometry a = shape(r);
      Geometry b = shape(r);
      if (!PolygonIntersects.applies(a, Extent.of(a)) || !PolygonIntersects.applies(b, Extent.of(b))) {
        continue;
      }
      boolean expected = RelateNG.relate(a, b, RelatePredicate.intersects());
      assertThat(fast.intersects(a, b)).as("%s and %s", a, b).isEqualTo(expected);
      assertThat(fast.intersects(b, a)).as("%s and %s", b, a).isEqualTo(expected);
      decided++;
      touching += expected && !RelateNG.relate(a, b, "T********") && !RelateNG.relate(b, a, "T********") ? 1 : 0;
    }
    assertThat(decided).isGreaterThan(40_000);
    assertThat(touching).isGreaterThan(500);
  }

  @Test
  void declinesGeometriesWithCoordinatesOutsideTheirEnvelope() throws Exception {
    WKTReader wkt = new WKTReader();
    List<String> declined = new ArrayList<>(List.of(
        "POLYGON((0 0,4 0,4 4,0 4,0 0),(3 3,6 3,6 6,3 6,3 3))",
        "GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 0)))",
        "LINESTRING(0 0,1 1)",
        "POLYGON EMPTY"));
    for (String text : declined) {
      Geometry g = wkt.read(text);
      assertThat(PolygonIntersects.applies(g, Extent.of(g))).as(text).isFalse();
    }
    Geometry bowTie = wkt.read("POLYGON((0 0,2 2,2 0,0 2,0 0))");
    assertThat(PolygonIntersects.applies(bowTie, Extent.of(bowTie))).isTrue();
  }
}
