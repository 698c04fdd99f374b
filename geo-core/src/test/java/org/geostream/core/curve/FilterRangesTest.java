package org.geostream.core.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.geotools.filter.text.ecql.ECQL;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** ECQL filters to key ranges: every matching point or geometry has its key in a returned range. */
class FilterRangesTest {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  static boolean in(List<KeyRange> ranges, long key) {
    return ranges.stream().anyMatch(r -> key >= r.lower() && key <= r.upper());
  }

  static boolean in(List<BinnedKeyRange> ranges, short bin, long key) {
    return ranges.stream().anyMatch(r -> r.bin() == bin && key >= r.lower() && key <= r.upper());
  }

  @Test
  void z3RangesOfABoxAndAnHourHoldEveryMatchingPoint() throws Exception {
    Z3Curve z3 = new Z3Curve(TimePeriod.WEEK);
    var filter = ECQL.toFilter("BBOX(geom, 2, 48, 3, 49) AND dtg DURING 2026-01-01T08:00:00Z/2026-01-01T09:00:00Z");
    List<BinnedKeyRange> ranges = FilterRanges.z3(z3, filter, "geom", "dtg", 64);
    assertThat(ranges).isNotEmpty().hasSizeLessThanOrEqualTo(64);
    Random r = new Random(1);
    int checked = 0;
    for (int i = 0; i < 20_000; i++) {
      double x = 1 + r.nextDouble() * 3;
      double y = 47 + r.nextDouble() * 3;
      long t = T0 + (long) (r.nextDouble() * 12 * 3_600_000L);
      boolean matches = x >= 2 && x <= 3 && y >= 48 && y <= 49 && t > T0 + 8 * 3_600_000L && t < T0 + 9 * 3_600_000L;
      if (matches) {
        assertThat(in(ranges, z3.bin(t), z3.index(x, y, t))).isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
    // Without a time bound Z3 cannot help; the caller falls back.
    assertThat(FilterRanges.z3(z3, ECQL.toFilter("BBOX(geom, 2, 48, 3, 49)"), "geom", "dtg", 64)).isNull();
    assertThat(FilterRanges.z3(z3, ECQL.toFilter("EXCLUDE"), "geom", "dtg", 64)).isEmpty();
  }

  @Test
  void z2AndXz2RangesOfOrsAndIntersectsHoldEveryMatch() throws Exception {
    var filter = ECQL.toFilter("INTERSECTS(geom, POLYGON((0 0, 10 0, 10 10, 0 0))) OR BBOX(geom, 20, 20, 21, 21)");
    List<KeyRange> z2 = FilterRanges.z2(Z2Curve.DEFAULT, filter, "geom", 32);
    List<KeyRange> xz2 = FilterRanges.xz2(XZ2Curve.DEFAULT, filter, "geom", 32);
    Random r = new Random(2);
    for (int i = 0; i < 20_000; i++) {
      double x = -5 + r.nextDouble() * 30;
      double y = -5 + r.nextDouble() * 30;
      Envelope e = new Envelope(x, x + r.nextDouble() * 2, y, y + r.nextDouble() * 2);
      boolean pointMatches = (x >= 0 && x <= 10 && y >= 0 && y <= x) || (x >= 20 && x <= 21 && y >= 20 && y <= 21);
      if (pointMatches) {
        assertThat(in(z2, Z2Curve.DEFAULT.index(x, y))).isTrue();
      }
      boolean envelopeMayMatch = e.intersects(new Envelope(0, 10, 0, 10)) || e.intersects(new Envelope(20, 21, 20, 21));
      if (envelopeMayMatch) {
        assertThat(in(xz2, XZ2Curve.DEFAULT.index(e))).isTrue();
      }
    }
    assertThat(FilterRanges.z2(Z2Curve.DEFAULT, ECQL.toFilter("name = 'x'"), "geom", 8))
        .as("no area: the whole world").hasSize(1);
  }
}
