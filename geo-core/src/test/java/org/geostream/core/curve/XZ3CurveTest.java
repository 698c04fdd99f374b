package org.geostream.core.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.geostream.core.curve.CurveTestSupport.DAY;
import static org.geostream.core.curve.CurveTestSupport.assertSortedAndDisjointBinned;
import static org.geostream.core.curve.CurveTestSupport.find;
import static org.geostream.core.curve.CurveTestSupport.randomBox;
import static org.geostream.core.curve.CurveTestSupport.randomEnvelopeIntersecting;
import static org.geostream.core.curve.CurveTestSupport.randomEnvelopeNear;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class XZ3CurveTest {

  private static final XZ3Curve WEEKS = new XZ3Curve(TimePeriod.WEEK);
  private static final List<Envelope> WORLD = List.of(new Envelope(-180, 180, -90, 90));

  @Test
  void knownKeys() {
    // (8^13 - 1) / 7 elements, numbered from 0
    assertThat(WEEKS.maxIndex()).isEqualTo(((1L << 39) - 1) / 7 - 1);
    long weekStart = Instant.parse("2024-01-04T00:00:00Z").toEpochMilli();
    assertThat(WEEKS.index(new Envelope(-180, 180, -90, 90), weekStart)).isEqualTo(1);
    assertThat(WEEKS.index(new Envelope(-180, -180, -90, -90), weekStart)).isEqualTo(12);
    assertThat(WEEKS.bin(weekStart)).isEqualTo((short) 2818);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> WEEKS.index(new Envelope(0, 1, 0, 1), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot index geometry bounds: time outside the WEEK bins");
    assertThatThrownBy(() -> WEEKS.ranges(WORLD, 5, 4, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot plan XZ3 ranges: time interval is reversed (from > to)");
    assertThatThrownBy(() -> WEEKS.ranges(List.of(new Envelope(0, Double.NaN, 0, 1)), 4, 5, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot plan XZ3 ranges: query box has a NaN coordinate");
    assertThatThrownBy(() -> new XZ3Curve(TimePeriod.DAY, 20))
        .hasMessage("Cannot create XZ3 curve: resolution out of range [1, 19]: '20'");
  }

  @Test
  void emptyInputsGiveNoRanges() {
    assertThat(WEEKS.ranges(List.of(), 0, DAY, 10)).isEmpty();
    assertThat(WEEKS.ranges(WORLD, -DAY, -1, 10)).isEmpty();
  }

  @Test
  void wholeBinsOfTheWholeWorldAreContained() {
    long weekStart = Instant.parse("2024-01-04T00:00:00Z").toEpochMilli();
    List<BinnedKeyRange> ranges = WEEKS.ranges(WORLD, weekStart - DAY, weekStart + 7 * DAY + 1, 30);
    assertSortedAndDisjointBinned(ranges);
    assertThat(ranges.stream().filter(r -> r.bin() == 2818))
        .containsExactly(new BinnedKeyRange((short) 2818, 0, WEEKS.maxIndex(), true));
    assertThat(ranges.stream().map(BinnedKeyRange::bin).distinct()).containsExactly((short) 2817, (short) 2818, (short) 2819);
  }

  @Test
  void intervalEndingOnAnElementEdgeFindsGeometriesAtItsEnds() {
    // at g = 10 a DAY bin is cut into 1,024 time cells of exactly 84,375 ms
    XZ3Curve curve = new XZ3Curve(TimePeriod.DAY, 10);
    long edge = 19_000 * DAY + 300 * 84_375L;
    Envelope point = new Envelope(1, 1, 2, 2);
    List<Envelope> query = List.of(new Envelope(0, 3, 0, 3));
    List<BinnedKeyRange> endingThere = curve.ranges(query, edge - 3_600_000, edge, 1000);
    assertThat(find(endingThere, curve.bin(edge), curve.index(point, edge))).isNotNull();
    List<BinnedKeyRange> startingThere = curve.ranges(query, edge, edge + 3_600_000, 1000);
    assertThat(find(startingThere, curve.bin(edge), curve.index(point, edge))).isNotNull();
  }

  @Test
  void noIntersectingGeometryIsMissed() {
    Random random = new Random(99);
    int[] budgets = {1, 5, 40, 300};
    TimePeriod[] periods = TimePeriod.values();
    for (int trial = 0; trial < 60; trial++) {
      TimePeriod period = periods[random.nextInt(periods.length)];
      XZ3Curve curve = new XZ3Curve(period, random.nextInt(4) == 0 ? 1 + random.nextInt(19) : 12);
      int maxRanges = budgets[random.nextInt(budgets.length)];
      List<Envelope> queries = new ArrayList<>();
      for (int q = 1 + random.nextInt(2); q > 0; q--) {
        queries.add(randomBox(random));
      }
      long binLength = period.offsetSpan() * period.offsetUnitMillis();
      long from = (long) (random.nextDouble() * 50 * 365 * DAY);
      long length = random.nextInt(6) == 0 ? 0 : (long) (Math.pow(random.nextDouble(), 3) * 2.5 * binLength);
      long to = from + length;
      List<BinnedKeyRange> ranges = curve.ranges(queries, from, to, maxRanges);
      int bins = curve.bin(to) - curve.bin(from) + 1;
      assertThat(ranges).isNotEmpty().hasSizeLessThanOrEqualTo(Math.max(maxRanges, bins));
      assertSortedAndDisjointBinned(ranges);
      for (int i = 0; i < 100; i++) {
        Envelope query = queries.get(random.nextInt(queries.size()));
        Envelope geometry = randomEnvelopeIntersecting(random, query);
        long t = random.nextInt(3) == 0 ? (random.nextBoolean() ? from : to) : from + (long) (random.nextDouble() * length);
        assertThat(find(ranges, curve.bin(t), curve.index(geometry, t)))
            .as("trial %d %s, geometry %s at %d intersecting %s in [%d, %d], budget %d", trial, curve, geometry, t, query,
                from, to, maxRanges)
            .isNotNull();
      }
      for (int i = 0; i < 100; i++) {
        Envelope geometry = randomEnvelopeNear(random, queries.get(random.nextInt(queries.size())));
        long t = Math.max(0, from - length + (long) (random.nextDouble() * 3 * length));
        BinnedKeyRange range = find(ranges, curve.bin(t), curve.index(geometry, t));
        if (range != null && range.contained()) {
          assertThat(queries.stream().anyMatch(q -> q.covers(geometry)) && t >= from && t <= to)
              .as("trial %d, geometry %s at %d in contained %s", trial, geometry, t, range)
              .isTrue();
        }
      }
    }
  }
}
