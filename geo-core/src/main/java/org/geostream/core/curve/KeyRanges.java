package org.geostream.core.curve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Sorting, merging and budget capping of key ranges, shared by the curves of this package. */
final class KeyRanges {

  private KeyRanges() {
  }

  /** Throws unless the range budget is positive. */
  static void checkBudget(String action, int maxRanges) {
    if (maxRanges < 1) {
      throw new IllegalArgumentException("Cannot " + action + ": maxRanges must be at least 1: '" + maxRanges + "'");
    }
  }

  /**
   * Sorts ranges by lower bound and merges overlapping or adjacent ones; a merged range is contained
   * only if all its parts were. O(n log n).
   */
  static List<KeyRange> sortAndMerge(List<KeyRange> ranges) {
    if (ranges.isEmpty()) {
      return List.of();
    }
    List<KeyRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(KeyRange::lower));
    List<KeyRange> merged = new ArrayList<>(sorted.size());
    KeyRange current = sorted.get(0);
    for (int i = 1; i < sorted.size(); i++) {
      KeyRange next = sorted.get(i);
      if (next.lower() <= current.upper() + 1) {
        current = new KeyRange(current.lower(), Math.max(current.upper(), next.upper()),
            current.contained() && next.contained());
      } else {
        merged.add(current);
        current = next;
      }
    }
    merged.add(current);
    return merged;
  }

  /**
   * Reduces sorted, disjoint, non-adjacent ranges to at most {@code maxRanges} by filling the
   * smallest gaps between neighbours, which adds the fewest keys for the number of ranges removed.
   * A range that absorbs a gap is not contained: the gap held no key of the query, since the input
   * covered all of them. O(n log n).
   */
  static List<KeyRange> cap(List<KeyRange> sorted, int maxRanges) {
    int n = sorted.size();
    if (n <= maxRanges) {
      return sorted;
    }
    int toFill = n - maxRanges;
    // gap i lies between range i and range i + 1
    Integer[] gaps = new Integer[n - 1];
    for (int i = 0; i < n - 1; i++) {
      gaps[i] = i;
    }
    Arrays.sort(gaps, Comparator.comparingLong((Integer i) -> sorted.get(i + 1).lower() - sorted.get(i).upper())
        .thenComparingInt(i -> i));
    boolean[] fill = new boolean[n - 1];
    for (int i = 0; i < toFill; i++) {
      fill[gaps[i]] = true;
    }
    List<KeyRange> capped = new ArrayList<>(maxRanges);
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (i == n - 1 || !fill[i]) {
        KeyRange first = sorted.get(start);
        capped.add(start == i ? first : new KeyRange(first.lower(), sorted.get(i).upper(), false));
        start = i + 1;
      }
    }
    return capped;
  }
}
