package org.geostream.core.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.geostream.core.curve.CurveTestSupport.DAY;
import static org.geostream.core.curve.CurveTestSupport.anyCovers;
import static org.geostream.core.curve.CurveTestSupport.assertSortedAndDisjointBinned;
import static org.geostream.core.curve.CurveTestSupport.find;
import static org.geostream.core.curve.CurveTestSupport.randomBox;
import static org.geostream.core.curve.CurveTestSupport.randomPointIn;
import static org.geostream.core.curve.CurveTestSupport.randomPointNear;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class Z3CurveTest {

  private static final Z3Curve DAYS = new Z3Curve(TimePeriod.DAY);
  private static final Z3Curve WEEKS = new Z3Curve(TimePeriod.WEEK);
  private static final List<Envelope> WORLD = List.of(new Envelope(-180, 180, -90, 90));

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void cornersOfSpaceAndBinHaveTheSmallestAndLargestKeys() {
    long day = 20_000 * DAY;
    assertThat(DAYS.bin(day)).isEqualTo((short) 20_000);
    assertThat(DAYS.index(-180, -90, day)).isZero();
    assertThat(DAYS.index(180, 90, day + DAY - 1)).isEqualTo(DAYS.maxIndex()).isEqualTo((1L << 63) - 1);
    // the time bit is the highest of each triple: the second half of a day starts at 2^62
    assertThat(DAYS.index(-180, -90, day + DAY / 2)).isEqualTo(1L << 62);
    assertThat(new Z3Curve(TimePeriod.DAY, 1).index(180, -90, day)).isEqualTo(1);
  }

  @Test
  void rejectsBadInputWithTheirValue() {
    assertThatThrownBy(() -> DAYS.index(0, 91, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot index point: latitude out of range [-90, 90]: '91.0'");
    assertThatThrownBy(() -> DAYS.index(0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot index point: time outside the DAY bins [1970-01-01T00:00:00Z");
    assertThatThrownBy(() -> DAYS.ranges(WORLD, 10, 9, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot plan Z3 ranges: time interval is reversed (from > to): "
            + "'1970-01-01T00:00:00.010Z > 1970-01-01T00:00:00.009Z'");
    assertThatThrownBy(() -> DAYS.ranges(WORLD, 0, 9, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Z3Curve(TimePeriod.DAY, 22))
        .hasMessage("Cannot create Z3 curve: bits per dimension out of range [1, 21]: '22'");
    assertThatThrownBy(() -> new Z3Curve(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DAYS.ranges(null, 0, 1, 1)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void emptyInputsGiveNoRanges() {
    assertThat(DAYS.ranges(List.of(), 0, DAY, 10)).isEmpty();
    assertThat(DAYS.ranges(List.of(new Envelope()), 0, DAY, 10)).isEmpty();
    // nothing is indexed before 1970 or after the last bin
    assertThat(DAYS.ranges(WORLD, -10 * DAY, -1, 10)).isEmpty();
    assertThat(DAYS.ranges(WORLD, TimePeriod.DAY.endMillis(), Long.MAX_VALUE, 10)).isEmpty();
  }

  @Test
  void everyTouchedBinGetsRangesAndInnerBinsAreWhole() {
    long from = millis("2024-01-01T18:00:00Z");
    long to = millis("2024-01-05T06:00:00Z");
    List<BinnedKeyRange> ranges = DAYS.ranges(WORLD, from, to, 100);
    assertSortedAndDisjointBinned(ranges);
    short first = DAYS.bin(from);
    assertThat(ranges.stream().map(BinnedKeyRange::bin).distinct().collect(Collectors.toList()))
        .containsExactly(first, (short) (first + 1), (short) (first + 2), (short) (first + 3), (short) (first + 4));
    for (short bin = (short) (first + 1); bin < first + 4; bin++) {
      short b = bin;
      assertThat(ranges.stream().filter(r -> r.bin() == b))
          .containsExactly(new BinnedKeyRange(bin, 0, DAYS.maxIndex(), true));
    }
    // the end bins follow the interval: the first bin from 18:00 on, the last up to 06:00, with
    // coarser time edges on a budget of 100 / 5 = 20 ranges per bin
    assertThat(find(ranges, first, DAYS.index(0, 0, from))).isNotNull();
    assertThat(find(ranges, first, DAYS.index(-180, -90, from - 9 * 3_600_000L))).isNull();
    assertThat(find(ranges, (short) (first + 4), DAYS.index(180, 90, to))).isNotNull();
    assertThat(find(ranges, (short) (first + 4), DAYS.index(-180, -90, to + 6 * 3_600_000L))).isNull();
  }

  @Test
  void wholeBinIntervalIsOneContainedRangePerBin() {
    long start = millis("2024-01-04T00:00:00Z"); // a Thursday: a WEEK bin starts
    List<BinnedKeyRange> ranges = WEEKS.ranges(WORLD, start, start + 14 * DAY - 1, 10);
    short bin = WEEKS.bin(start);
    assertThat(ranges).containsExactly(
        new BinnedKeyRange(bin, 0, WEEKS.maxIndex(), true),
        new BinnedKeyRange((short) (bin + 1), 0, WEEKS.maxIndex(), true));
  }

  @Test
  void budgetIsSharedByBins() {
    List<Envelope> box = List.of(new Envelope(10.3, 11.3, 20.7, 21.7));
    long from = millis("2024-01-01T18:00:00Z");
    // 3 bins, a budget of 30: at most 10 per bin
    List<BinnedKeyRange> three = DAYS.ranges(box, from, from + 2 * DAY, 30);
    assertThat(three).hasSizeLessThanOrEqualTo(30);
    for (short bin = DAYS.bin(from); bin <= DAYS.bin(from + 2 * DAY); bin++) {
      short b = bin;
      assertThat(three.stream().filter(r -> r.bin() == b).count()).isBetween(1L, 10L);
    }
    // 400 bins, a budget of 30: one range per bin
    List<BinnedKeyRange> many = DAYS.ranges(box, from, from + 399 * DAY, 30);
    assertThat(many).hasSize(400);
    assertSortedAndDisjointBinned(many);
  }

  @Test
  void instantQueryCoversThePointAtThatInstant() {
    long instant = millis("2031-05-06T07:08:09.010Z");
    for (Z3Curve curve : List.of(DAYS, WEEKS, new Z3Curve(TimePeriod.MONTH), new Z3Curve(TimePeriod.YEAR, 10))) {
      List<BinnedKeyRange> ranges = curve.ranges(List.of(new Envelope(5.5, 5.5, -7.25, -7.25)), instant, instant, 50);
      assertThat(ranges).isNotEmpty().hasSizeLessThanOrEqualTo(50);
      assertThat(find(ranges, curve.bin(instant), curve.index(5.5, -7.25, instant))).as("%s", curve).isNotNull();
    }
  }

  @Test
  void antimeridianBoxesCoverBothSides() {
    List<Envelope> boxes = List.of(new Envelope(179, 180, 50, 60), new Envelope(-180, -179, 50, 60));
    long from = millis("2024-06-01T00:00:00Z");
    List<BinnedKeyRange> ranges = WEEKS.ranges(boxes, from, from + DAY, 64);
    short bin = WEEKS.bin(from);
    assertThat(find(ranges, bin, WEEKS.index(180, 55, from + 1000))).isNotNull();
    assertThat(find(ranges, bin, WEEKS.index(-180, 55, from + DAY))).isNotNull();
    assertThat(find(ranges, bin, WEEKS.index(0, 55, from + 1000))).isNull();
  }

  @Test
  void noPointInsideTheQueryIsMissed() {
    Random random = new Random(7);
    int[] budgets = {1, 3, 16, 100, 500};
    TimePeriod[] periods = TimePeriod.values();
    for (int trial = 0; trial < 80; trial++) {
      TimePeriod period = periods[random.nextInt(periods.length)];
      Z3Curve curve = new Z3Curve(period, random.nextInt(4) == 0 ? 1 + random.nextInt(21) : 21);
      int maxRanges = budgets[random.nextInt(budgets.length)];
      List<Envelope> boxes = new ArrayList<>();
      for (int b = 1 + random.nextInt(2); b > 0; b--) {
        boxes.add(randomBox(random));
      }
      long binLength = period.offsetSpan() * period.offsetUnitMillis();
      long from = (long) (random.nextDouble() * 50 * 365 * DAY);
      long length = random.nextInt(6) == 0 ? 0 : (long) (Math.pow(random.nextDouble(), 3) * 3 * binLength);
      long to = from + length;
      List<BinnedKeyRange> ranges = curve.ranges(boxes, from, to, maxRanges);
      int bins = curve.bin(to) - curve.bin(from) + 1;
      assertThat(ranges).hasSizeLessThanOrEqualTo(Math.max(maxRanges, bins));
      assertSortedAndDisjointBinned(ranges);
      for (int i = 0; i < 150; i++) {
        Envelope box = boxes.get(random.nextInt(boxes.size()));
        double[] p = randomPointIn(random, box);
        long t = random.nextInt(3) == 0 ? (random.nextBoolean() ? from : to) : from + (long) (random.nextDouble() * length);
        assertThat(find(ranges, curve.bin(t), curve.index(p[0], p[1], t)))
            .as("trial %d %s, point (%s, %s) at %d in %s [%d, %d], budget %d", trial, curve, p[0], p[1], t, box, from, to,
                maxRanges)
            .isNotNull();
      }
      // a contained range holds only points of the boxes at times of the interval
      for (int i = 0; i < 150; i++) {
        double[] p = randomPointNear(random, boxes.get(random.nextInt(boxes.size())));
        long t = Math.max(0, from - length + (long) (random.nextDouble() * 3 * length));
        BinnedKeyRange range = find(ranges, curve.bin(t), curve.index(p[0], p[1], t));
        if (range != null && range.contained()) {
          assertThat(anyCovers(boxes, p[0], p[1]) && t >= from && t <= to)
              .as("trial %d, point (%s, %s) at %d in contained %s", trial, p[0], p[1], t, range)
              .isTrue();
        }
      }
    }
  }

  @Test
  void oneDegreeBoxForTwoHoursScansLittleOfTheDay() {
    long from = millis("2024-03-10T10:00:00Z");
    List<BinnedKeyRange> ranges = DAYS.ranges(List.of(new Envelope(10.3, 11.3, 20.7, 21.7)), from,
        from + 2 * 3_600_000L, 256);
    assertThat(ranges).hasSizeLessThanOrEqualTo(256).allMatch(r -> r.bin() == DAYS.bin(from));
    double covered = 0;
    for (BinnedKeyRange range : ranges) {
      covered += range.upper() - (double) range.lower() + 1;
    }
    double share = 1.0 / (360 * 180) / 12; // 1.3e-6 of the bin's space-time
    // measured: 2.9 times that share, with 256 ranges
    assertThat(covered / (DAYS.maxIndex() + 1.0)).isLessThan(3.5 * share);
  }
}
