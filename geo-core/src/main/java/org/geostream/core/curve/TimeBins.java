package org.geostream.core.curve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query time interval into the time bins of a {@link TimePeriod} and plans the key ranges
 * of each, shared by {@link Z3Curve} and {@link XZ3Curve}.
 *
 * <p>Bins wholly inside the interval share one plan over the whole bin; the first and last bins get
 * their own plans with the exact offsets of the interval ends. With {@code B} bins each plan gets a
 * budget of {@code max(1, maxRanges / B)} ranges, so a result holds at most
 * {@code max(maxRanges, B)} ranges.
 */
final class TimeBins {

  private TimeBins() {
  }

  /**
   * Plans the ranges of one bin.
   *
   * <p>{@code fromOffset} / {@code toOffset} are inclusive offsets in the period's unit;
   * {@code wholeStart} / {@code wholeEnd} tell whether the interval reaches the first / last instant
   * of the bin, so that cells at the edges of the bin hold query times only.
   */
  @FunctionalInterface
  interface BinPlanner {
    List<KeyRange> plan(long fromOffset, long toOffset, boolean wholeStart, boolean wholeEnd, int budget);
  }

  /**
   * Ranges per bin for the inclusive interval {@code [fromMillis, toMillis]}, clipped to the
   * indexable times of the period (no value is indexed outside them); empty when nothing is left.
   */
  static List<BinnedKeyRange> plan(String action, TimePeriod period, long fromMillis, long toMillis,
      int maxRanges, BinPlanner planner) {
    if (fromMillis > toMillis) {
      throw new IllegalArgumentException("Cannot " + action + ": time interval is reversed (from > to): '"
          + Instant.ofEpochMilli(fromMillis) + " > " + Instant.ofEpochMilli(toMillis) + "'");
    }
    long from = Math.max(0L, fromMillis);
    long to = Math.min(period.endMillis() - 1, toMillis);
    if (from > to) {
      return List.of();
    }
    int firstBin = period.binUnchecked(from);
    int lastBin = period.binUnchecked(to);
    long fromOffset = period.offsetUnchecked(from);
    long toOffset = period.offsetUnchecked(to);
    long lastOffset = period.offsetSpan() - 1;
    boolean startsBin = from == period.binStartUnchecked(firstBin);
    boolean endsBin = to == period.binStartUnchecked(lastBin + 1L) - 1;
    List<BinnedKeyRange> result = new ArrayList<>();
    if (firstBin == lastBin) {
      add(result, firstBin, planner.plan(fromOffset, toOffset, startsBin, endsBin, maxRanges));
      return result;
    }
    int bins = lastBin - firstBin + 1;
    int budget = Math.max(1, maxRanges / bins);
    List<KeyRange> whole = bins > 2 || startsBin || endsBin
        ? planner.plan(0, lastOffset, true, true, budget) : List.of();
    add(result, firstBin, startsBin ? whole : planner.plan(fromOffset, lastOffset, false, true, budget));
    for (int bin = firstBin + 1; bin < lastBin; bin++) {
      add(result, bin, whole);
    }
    add(result, lastBin, endsBin ? whole : planner.plan(0, toOffset, true, false, budget));
    return result;
  }

  private static void add(List<BinnedKeyRange> result, int bin, List<KeyRange> ranges) {
    for (KeyRange range : ranges) {
      result.add(new BinnedKeyRange((short) bin, range.lower(), range.upper(), range.contained()));
    }
  }
}
