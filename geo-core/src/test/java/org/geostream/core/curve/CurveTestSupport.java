package org.geostream.core.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.locationtech.jts.geom.Envelope;

/** Assertions and random inputs shared by the curve tests. */
final class CurveTestSupport {

  static final long DAY = 86_400_000L;

  private CurveTestSupport() {
  }

  /** Ranges are sorted, non-overlapping and non-adjacent (adjacent ranges are always merged). */
  static void assertSortedAndDisjoint(List<KeyRange> ranges) {
    for (int i = 1; i < ranges.size(); i++) {
      assertThat(ranges.get(i).lower())
          .as("range %d %s starts after range %d %s ends", i, ranges.get(i), i - 1, ranges.get(i - 1))
          .isGreaterThan(ranges.get(i - 1).upper() + 1);
    }
  }

  /** Binned ranges are sorted by bin then key, disjoint and non-adjacent within a bin. */
  static void assertSortedAndDisjointBinned(List<BinnedKeyRange> ranges) {
    for (int i = 1; i < ranges.size(); i++) {
      BinnedKeyRange previous = ranges.get(i - 1);
      BinnedKeyRange current = ranges.get(i);
      assertThat(current.bin()).isGreaterThanOrEqualTo(previous.bin());
      if (current.bin() == previous.bin()) {
        assertThat(current.lower()).as("%s after %s", current, previous).isGreaterThan(previous.upper() + 1);
      }
    }
  }

  /** The range holding {@code key}, or null; binary search over sorted, disjoint ranges. */
  static KeyRange find(List<KeyRange> ranges, long key) {
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      KeyRange range = ranges.get(mid);
      if (key < range.lower()) {
        hi = mid - 1;
      } else if (key > range.upper()) {
        lo = mid + 1;
      } else {
        return range;
      }
    }
    return null;
  }

  /** The binned range holding {@code key} of {@code bin}, or null; linear scan. */
  static BinnedKeyRange find(List<BinnedKeyRange> ranges, short bin, long key) {
    for (BinnedKeyRange range : ranges) {
      if (range.contains(bin, key)) {
        return range;
      }
    }
    return null;
  }

  /** Fraction of a key space of {@code keys} keys covered by the ranges. */
  static double coveredFraction(List<KeyRange> ranges, double keys) {
    double covered = 0;
    for (KeyRange range : ranges) {
      covered += range.upper() - (double) range.lower() + 1;
    }
    return covered / keys;
  }

  /**
   * A random box in the world, sides log-uniform between 1e-6 and 200 degrees, sometimes with a
   * zero-width side, sometimes touching the world's edges.
   */
  static Envelope randomBox(Random random) {
    double width = random.nextInt(8) == 0 ? 0.0 : Math.pow(10, -6 + random.nextDouble() * 8.3);
    double height = random.nextInt(8) == 0 ? 0.0 : Math.pow(10, -6 + random.nextDouble() * 8.0);
    width = Math.min(360, width);
    height = Math.min(180, height);
    double minX = -180 + random.nextDouble() * (360 - width);
    double minY = -90 + random.nextDouble() * (180 - height);
    switch (random.nextInt(10)) {
      case 0:
        minX = -180;
        break;
      case 1:
        minX = 180 - width;
        break;
      case 2:
        minY = 90 - height;
        break;
      default:
        break;
    }
    return new Envelope(minX, minX + width, minY, minY + height);
  }

  /** A random point of a box: its corners and edges now and then, else uniform inside. */
  static double[] randomPointIn(Random random, Envelope box) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    switch (random.nextInt(6)) {
      case 0:
        u = random.nextBoolean() ? 0 : 1;
        v = random.nextBoolean() ? 0 : 1;
        break;
      case 1:
        u = random.nextBoolean() ? 0 : 1;
        break;
      default:
        break;
    }
    double x = Math.min(box.getMaxX(), box.getMinX() + u * box.getWidth());
    double y = Math.min(box.getMaxY(), box.getMinY() + v * box.getHeight());
    return new double[] {x, y};
  }

  /** A random point near a box (within its size again on each side), clipped to the world. */
  static double[] randomPointNear(Random random, Envelope box) {
    double x = box.getMinX() + (random.nextDouble() * 3 - 1) * Math.max(box.getWidth(), 1e-3);
    double y = box.getMinY() + (random.nextDouble() * 3 - 1) * Math.max(box.getHeight(), 1e-3);
    return new double[] {Math.max(-180, Math.min(180, x)), Math.max(-90, Math.min(90, y))};
  }

  /** Whether any of the boxes covers the point (boundaries included). */
  static boolean anyCovers(List<Envelope> boxes, double x, double y) {
    for (Envelope box : boxes) {
      if (box.covers(x, y)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A random geometry envelope that intersects {@code query}: grown from a point of the query by
   * random amounts in every direction, clipped to the world.
   */
  static Envelope randomEnvelopeIntersecting(Random random, Envelope query) {
    double[] p = randomPointIn(random, query);
    double size = random.nextInt(5) == 0 ? 0 : Math.pow(10, -6 + random.nextDouble() * 8.3);
    double minX = Math.max(-180, p[0] - random.nextDouble() * size);
    double maxX = Math.min(180, p[0] + random.nextDouble() * size);
    double minY = Math.max(-90, p[1] - random.nextDouble() * size);
    double maxY = Math.min(90, p[1] + random.nextDouble() * size);
    return new Envelope(minX, maxX, minY, maxY);
  }

  /** A random geometry envelope near {@code query}, intersecting it or not. */
  static Envelope randomEnvelopeNear(Random random, Envelope query) {
    double[] p = randomPointNear(random, query);
    double size = random.nextInt(5) == 0 ? 0 : random.nextDouble() * Math.max(query.getWidth(), 1e-3);
    return new Envelope(p[0], Math.min(180, p[0] + size), p[1], Math.min(90, p[1] + size));
  }
}
