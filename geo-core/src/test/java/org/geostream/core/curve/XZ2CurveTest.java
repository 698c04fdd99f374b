package org.geostream.core.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.geostream.core.curve.CurveTestSupport.assertSortedAndDisjoint;
import static org.geostream.core.curve.CurveTestSupport.coveredFraction;
import static org.geostream.core.curve.CurveTestSupport.find;
import static org.geostream.core.curve.CurveTestSupport.randomBox;
import static org.geostream.core.curve.CurveTestSupport.randomEnvelopeIntersecting;
import static org.geostream.core.curve.CurveTestSupport.randomEnvelopeNear;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class XZ2CurveTest {

  private static final XZ2Curve CURVE = XZ2Curve.DEFAULT;

  @Test
  void knownKeys() {
    // (4^13 - 1) / 3 elements, numbered from 0
    assertThat(CURVE.maxIndex()).isEqualTo(22_369_620L);
    // the whole world fits the first level-1 element (the south-west cell doubled): key 1
    assertThat(CURVE.index(new Envelope(-180, 180, -90, 90))).isEqualTo(1);
    // a point at the south-west corner descends the first child 12 times: one key per level
    assertThat(CURVE.index(new Envelope(-180, -180, -90, -90))).isEqualTo(12);
    // a point at the north-east corner is the last element in pre-order
    assertThat(CURVE.index(new Envelope(180, 180, 90, 90))).isEqualTo(CURVE.maxIndex());
    long subtreeOfLevel1 = ((1L << 24) - 1) / 3; // elements under a level-1 element, itself included
    // a box starting in the south-east quadrant, taller than a level-2 element: level 1, quadrant 1
    assertThat(CURVE.index(new Envelope(10, 170, -80, 80))).isEqualTo(1 + subtreeOfLevel1);
    // 160 degrees wide but fitting the doubled north-east level-2 cell: level 2 under quadrant 3
    assertThat(CURVE.index(new Envelope(10, 170, 10, 80))).isEqualTo(1 + 3 * subtreeOfLevel1 + 1);
    // a one-level curve has the root and four elements
    XZ2Curve coarse = new XZ2Curve(1);
    assertThat(coarse.maxIndex()).isEqualTo(4);
    assertThat(coarse.index(new Envelope(0.5, 0.5, -45, -45))).isEqualTo(2);
  }

  @Test
  void rejectsBadInputWithTheirValue() {
    assertThatThrownBy(() -> CURVE.index(new Envelope(179.9, 180.1, 0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot index geometry bounds: longitude out of range [-180, 180]: '180.1'");
    assertThatThrownBy(() -> CURVE.index(new Envelope(0, 1, -90.1, -89.9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot index geometry bounds: latitude out of range [-90, 90]: '-90.1'");
    assertThatThrownBy(() -> CURVE.index(new Envelope(Double.NaN, 1, 0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'NaN'");
    assertThatThrownBy(() -> CURVE.index(new Envelope()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot index geometry bounds: envelope is empty");
    assertThatThrownBy(() -> CURVE.index(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new XZ2Curve(31))
        .hasMessage("Cannot create XZ2 curve: resolution out of range [1, 30]: '31'");
    assertThatThrownBy(() -> CURVE.ranges(List.of(new Envelope(0, 1, 0, 1)), -5))
        .hasMessage("Cannot plan XZ2 ranges: maxRanges must be at least 1: '-5'");
  }

  @Test
  void emptyInputsGiveNoRanges() {
    assertThat(CURVE.ranges(List.of(), 10)).isEmpty();
    assertThat(CURVE.ranges(List.of(new Envelope()), 10)).isEmpty();
    assertThat(CURVE.ranges(List.of(new Envelope(-200, -190, 0, 1)), 10)).isEmpty();
  }

  @Test
  void wholeWorldIsOneContainedRange() {
    assertThat(CURVE.ranges(List.of(new Envelope(-180, 180, -90, 90)), 1))
        .containsExactly(new KeyRange(0, CURVE.maxIndex(), true));
  }

  @Test
  void polygonIsFoundByContainingOverlappingAndPointQueriesButNotFarOnes() {
    long polygon = CURVE.index(new Envelope(10, 12, 10, 12));
    long point = CURVE.index(new Envelope(11, 11, 11, 11));
    List<Envelope> matching = List.of(
        new Envelope(9, 13, 9, 13), new Envelope(-180, 180, -90, 90), new Envelope(0, 180, 0, 90),
        new Envelope(11, 13, 11, 13), new Envelope(9, 11, 9, 11), new Envelope(10.5, 11.5, 10.5, 11.5),
        new Envelope(11, 11, 11, 11));
    for (Envelope query : matching) {
      List<KeyRange> ranges = CURVE.ranges(List.of(query), 1000);
      assertThat(find(ranges, polygon)).as("polygon in %s", query).isNotNull();
      assertThat(find(ranges, point)).as("point in %s", query).isNotNull();
    }
    // touching the polygon's corner only
    assertThat(find(CURVE.ranges(List.of(new Envelope(12, 13, 12, 13)), 1000), polygon)).isNotNull();
    for (Envelope query : List.of(new Envelope(-180, 8, -90, 8), new Envelope(20, 180, 20, 90),
        new Envelope(-100, -90, 40, 50))) {
      List<KeyRange> ranges = CURVE.ranges(List.of(query), 1000);
      assertThat(find(ranges, polygon)).as("polygon in %s", query).isNull();
      assertThat(find(ranges, point)).as("point in %s", query).isNull();
    }
  }

  @Test
  void antimeridianBoxesFindGeometriesTouchingEitherSide() {
    List<Envelope> boxes = List.of(new Envelope(170, 180, -10, 10), new Envelope(-180, -170, -10, 10));
    List<KeyRange> ranges = CURVE.ranges(boxes, 100);
    assertThat(find(ranges, CURVE.index(new Envelope(179, 180, 0, 1)))).isNotNull();
    assertThat(find(ranges, CURVE.index(new Envelope(-180, -179.5, 0, 1)))).isNotNull();
    assertThat(find(ranges, CURVE.index(new Envelope(100, 170, 9, 20)))).isNotNull();
    assertThat(find(ranges, CURVE.index(new Envelope(0, 1, 0, 1)))).isNull();
  }

  @Test
  void noIntersectingGeometryIsMissed() {
    Random random = new Random(2024);
    int[] budgets = {1, 4, 20, 100, 1000};
    int[] resolutions = {12, 12, 16, 6, 2, 30};
    for (int trial = 0; trial < 150; trial++) {
      XZ2Curve curve = new XZ2Curve(resolutions[random.nextInt(resolutions.length)]);
      int maxRanges = budgets[random.nextInt(budgets.length)];
      List<Envelope> queries = new ArrayList<>();
      for (int q = 1 + random.nextInt(3); q > 0; q--) {
        queries.add(randomBox(random));
      }
      List<KeyRange> ranges = curve.ranges(queries, maxRanges);
      assertThat(ranges).isNotEmpty().hasSizeLessThanOrEqualTo(maxRanges);
      assertSortedAndDisjoint(ranges);
      for (int i = 0; i < 150; i++) {
        Envelope query = queries.get(random.nextInt(queries.size()));
        Envelope geometry = randomEnvelopeIntersecting(random, query);
        assertThat(find(ranges, curve.index(geometry)))
            .as("trial %d %s, geometry %s intersecting %s, budget %d", trial, curve, geometry, query, maxRanges)
            .isNotNull();
      }
      // a contained range holds only geometries inside a query box
      for (int i = 0; i < 300; i++) {
        Envelope geometry = randomEnvelopeNear(random, queries.get(random.nextInt(queries.size())));
        KeyRange range = find(ranges, curve.index(geometry));
        if (range != null && range.contained()) {
          assertThat(queries.stream().anyMatch(q -> q.covers(geometry)))
              .as("trial %d, geometry %s in contained %s", trial, geometry, range)
              .isTrue();
        }
      }
    }
  }

  @Test
  void oneDegreeBoxScansASmallFractionOfTheKeys() {
    // measured: 3.0e-5 of the keys with 64 ranges (the box is 1.5e-5 of the world)
    List<KeyRange> ranges = CURVE.ranges(List.of(new Envelope(10.3, 11.3, 20.7, 21.7)), 64);
    assertThat(ranges).hasSizeLessThanOrEqualTo(64);
    assertThat(coveredFraction(ranges, CURVE.maxIndex() + 1.0)).isLessThan(4e-5);
  }
}
