package org.geostream.core.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.geostream.core.curve.CurveTestSupport.anyCovers;
import static org.geostream.core.curve.CurveTestSupport.assertSortedAndDisjoint;
import static org.geostream.core.curve.CurveTestSupport.coveredFraction;
import static org.geostream.core.curve.CurveTestSupport.find;
import static org.geostream.core.curve.CurveTestSupport.randomBox;
import static org.geostream.core.curve.CurveTestSupport.randomPointIn;
import static org.geostream.core.curve.CurveTestSupport.randomPointNear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class Z2CurveTest {

  private static final Z2Curve CURVE = Z2Curve.DEFAULT;

  @Test
  void cornersHaveTheSmallestAndLargestKeys() {
    assertThat(CURVE.index(-180, -90)).isZero();
    assertThat(CURVE.index(180, 90)).isEqualTo(CURVE.maxIndex()).isEqualTo((1L << 62) - 1);
    // the centre starts the last quadrant in lat (bit 61) and in lon (bit 60)
    assertThat(CURVE.index(0, 0)).isEqualTo(3L << 60);
  }

  @Test
  void oneBitCurveNumbersQuadrantsLonFirst() {
    Z2Curve curve = new Z2Curve(1);
    assertThat(curve.index(-180, -90)).isEqualTo(0);
    assertThat(curve.index(180, -90)).isEqualTo(1);
    assertThat(curve.index(-180, 90)).isEqualTo(2);
    assertThat(curve.index(180, 90)).isEqualTo(3);
    assertThat(curve.index(-0.001, 0)).isEqualTo(2);
    assertThat(curve.maxIndex()).isEqualTo(3);
  }

  @Test
  void cellHoldsThePointThatWasIndexed() {
    Random random = new Random(11);
    for (int bits : new int[] {1, 5, 17, 31}) {
      Z2Curve curve = new Z2Curve(bits);
      for (int i = 0; i < 200; i++) {
        double lon = -180 + random.nextDouble() * 360;
        double lat = -90 + random.nextDouble() * 180;
        Envelope cell = curve.cell(curve.index(lon, lat));
        double slack = 1e-9;
        assertThat(lon).isBetween(cell.getMinX() - slack, cell.getMaxX() + slack);
        assertThat(lat).isBetween(cell.getMinY() - slack, cell.getMaxY() + slack);
        assertThat(curve.index(cell.centre().x, cell.centre().y)).isEqualTo(curve.index(lon, lat));
      }
    }
  }

  @Test
  void rejectsBadPointsWithTheirValue() {
    assertThatThrownBy(() -> CURVE.index(181.0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot index point: longitude out of range [-180, 180]: '181.0'");
    assertThatThrownBy(() -> CURVE.index(0, -90.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot index point: latitude out of range [-90, 90]: '-90.5'");
    assertThatThrownBy(() -> CURVE.index(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot index point: longitude out of range [-180, 180]: 'NaN'");
    assertThatThrownBy(() -> CURVE.index(0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latitude out of range");
  }

  @Test
  void rejectsBadConfigurationAndQueries() {
    assertThatThrownBy(() -> new Z2Curve(0)).hasMessage("Cannot create Z2 curve: bits per dimension out of range [1, 31]: '0'");
    assertThatThrownBy(() -> new Z2Curve(32)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CURVE.cell(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CURVE.cell(1L << 62)).hasMessageStartingWith("Cannot decode Z2 key: key out of range");
    assertThatThrownBy(() -> CURVE.ranges(List.of(new Envelope(0, 1, 0, 1)), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot plan Z2 ranges: maxRanges must be at least 1: '0'");
    assertThatThrownBy(() -> CURVE.ranges(List.of(new Envelope(Double.NaN, 1, 0, 1)), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot plan Z2 ranges: query box has a NaN coordinate");
    assertThatThrownBy(() -> CURVE.ranges(null, 10)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CURVE.ranges(Arrays.asList((Envelope) null), 10))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Cannot plan Z2 ranges: a query box is null");
  }

  @Test
  void emptyInputsGiveNoRanges() {
    assertThat(CURVE.ranges(List.of(), 10)).isEmpty();
    assertThat(CURVE.ranges(List.of(new Envelope()), 10)).isEmpty();
    assertThat(CURVE.ranges(List.of(new Envelope(190, 200, 0, 1)), 10)).isEmpty();
  }

  @Test
  void wholeWorldIsOneContainedRange() {
    assertThat(CURVE.ranges(List.of(new Envelope(-180, 180, -90, 90)), 1))
        .containsExactly(new KeyRange(0, CURVE.maxIndex(), true));
    // boxes larger than the world are clipped to it
    assertThat(CURVE.ranges(List.of(new Envelope(-500, 500, -100, 100)), 50))
        .containsExactly(new KeyRange(0, CURVE.maxIndex(), true));
  }

  @Test
  void pointQueryIsTheSingleKeyOfThePoint() {
    long key = CURVE.index(12.345, -45.678);
    assertThat(CURVE.ranges(List.of(new Envelope(12.345, 12.345, -45.678, -45.678)), 100))
        .containsExactly(new KeyRange(key, key, false));
    // the cell of the corner also holds points east and north of it, outside the query
    assertThat(CURVE.ranges(List.of(new Envelope(-180, -180, -90, -90)), 5))
        .containsExactly(new KeyRange(0, 0, false));
    // a query covering the whole corner cell makes it contained
    assertThat(CURVE.ranges(List.of(new Envelope(-180, -179.9, -90, -89.9)), 5))
        .first().satisfies(range -> assertThat(range.lower()).isZero());
  }

  @Test
  void antimeridianBoxesCoverPointsOnBothSides() {
    // a box from 170 to -170 across the antimeridian, passed as two boxes
    List<Envelope> boxes = List.of(new Envelope(170, 180, -10, 10), new Envelope(-180, -170, -10, 10));
    List<KeyRange> ranges = CURVE.ranges(boxes, 32);
    assertThat(ranges).hasSizeLessThanOrEqualTo(32);
    assertSortedAndDisjoint(ranges);
    for (double[] p : new double[][] {{180, 0}, {-180, 0}, {180, 10}, {-180, -10}, {175, 5}, {-175, -5}, {170, 10}}) {
      assertThat(find(ranges, CURVE.index(p[0], p[1]))).as("point %s", Arrays.toString(p)).isNotNull();
    }
    assertThat(find(ranges, CURVE.index(0, 0))).isNull();
    assertThat(coveredFraction(ranges, CURVE.maxIndex() + 1.0)).isLessThan(0.01);
  }

  @Test
  void noPointInsideAQueryBoxIsMissed() {
    Random random = new Random(42);
    int[] budgets = {1, 2, 7, 32, 200, 1000};
    int[] bitChoices = {31, 31, 24, 12, 6, 2};
    for (int trial = 0; trial < 150; trial++) {
      Z2Curve curve = new Z2Curve(bitChoices[random.nextInt(bitChoices.length)]);
      int maxRanges = budgets[random.nextInt(budgets.length)];
      List<Envelope> boxes = new ArrayList<>();
      for (int b = 1 + random.nextInt(3); b > 0; b--) {
        boxes.add(randomBox(random));
      }
      List<KeyRange> ranges = curve.ranges(boxes, maxRanges);
      assertThat(ranges).isNotEmpty().hasSizeLessThanOrEqualTo(maxRanges);
      assertSortedAndDisjoint(ranges);
      for (Envelope box : boxes) {
        for (int i = 0; i < 100; i++) {
          double[] p = randomPointIn(random, box);
          assertThat(find(ranges, curve.index(p[0], p[1])))
              .as("trial %d, %s, point (%s, %s) of %s, %d ranges", trial, curve, p[0], p[1], box, maxRanges)
              .isNotNull();
        }
      }
      // a contained range holds only points of the boxes
      for (int i = 0; i < 300; i++) {
        double[] p = randomPointNear(random, boxes.get(random.nextInt(boxes.size())));
        KeyRange range = find(ranges, curve.index(p[0], p[1]));
        if (range != null && range.contained()) {
          assertThat(anyCovers(boxes, p[0], p[1])).as("trial %d, point (%s, %s) in contained %s", trial, p[0], p[1], range)
              .isTrue();
        }
      }
    }
  }

  @Test
  void smallerBudgetsGiveFewerCoarserRanges() {
    List<Envelope> box = List.of(new Envelope(10.3, 11.3, 20.7, 21.7));
    double previous = 0;
    for (int maxRanges : new int[] {4096, 512, 64, 8, 1}) {
      List<KeyRange> ranges = CURVE.ranges(box, maxRanges);
      assertThat(ranges).hasSizeLessThanOrEqualTo(maxRanges);
      double fraction = coveredFraction(ranges, CURVE.maxIndex() + 1.0);
      assertThat(fraction).isGreaterThanOrEqualTo(previous);
      previous = fraction;
    }
  }

  @Test
  void oneDegreeBoxScansLittleMoreThanItsShareOfTheWorld() {
    double share = 1.0 / (360 * 180); // 1.54e-5
    // measured: 1.65e-5 with 53 ranges off the quadrant edges, 1.68e-5 with 35 ranges at (0, 0)
    List<KeyRange> offEdges = CURVE.ranges(List.of(new Envelope(10.3, 11.3, 20.7, 21.7)), 64);
    assertThat(coveredFraction(offEdges, CURVE.maxIndex() + 1.0)).isLessThan(1.2 * share);
    List<KeyRange> onEdges = CURVE.ranges(List.of(new Envelope(-0.5, 0.5, -0.5, 0.5)), 64);
    assertThat(coveredFraction(onEdges, CURVE.maxIndex() + 1.0)).isLessThan(1.2 * share);
  }

  @Test
  void degenerateLineQueryStaysWithinBudgetAndFast() {
    List<Envelope> line = List.of(new Envelope(-170, 170, 10.123, 10.123));
    long start = System.nanoTime();
    List<KeyRange> ranges = CURVE.ranges(line, 1000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(ranges).hasSizeLessThanOrEqualTo(1000);
    assertThat(millis).isLessThan(2_000);
    assertThat(find(ranges, CURVE.index(-170, 10.123))).isNotNull();
    assertThat(find(ranges, CURVE.index(170, 10.123))).isNotNull();
  }
}
