package org.geostream.core.curve;

/**
 * An inclusive range {@code [lower, upper]} of space-filling-curve keys, as planned for a query by
 * {@link Z2Curve#ranges} or {@link XZ2Curve#ranges}.
 *
 * <p>{@code contained} is {@code true} only when every key in the range belongs to the query, so a
 * store may skip the exact per-row filter for rows read through such a range; when {@code false},
 * the range may also hold keys outside the query (false positives) and rows read through it must be
 * filtered.
 *
 * <p>Immutable and thread-safe.
 *
 * @param lower first key of the range, inclusive
 * @param upper last key of the range, inclusive; never less than {@code lower}
 * @param contained whether every key of the range is inside the query
 */
public record KeyRange(long lower, long upper, boolean contained) {

  /**
   * Checks that the range is not reversed.
   *
   * @param lower first key of the range, inclusive
   * @param upper last key of the range, inclusive
   * @param contained whether every key of the range is inside the query
   * @throws IllegalArgumentException if {@code lower > upper}
   */
  public KeyRange {
    if (lower > upper) {
      throw new IllegalArgumentException(
          "Cannot create key range: lower bound is greater than upper bound: '" + lower + " > " + upper + "'");
    }
  }

  /**
   * Whether {@code key} lies in this range.
   *
   * @param key a curve key
   * @return {@code lower <= key <= upper}
   */
  public boolean contains(long key) {
    return key >= lower && key <= upper;
  }

  /**
   * Number of keys in the range, {@code upper - lower + 1}; saturates at {@link Long#MAX_VALUE}
   * (never reached by the curves of this package, whose keys use at most 63 bits).
   *
   * @return the number of keys in the range, at least 1
   */
  public long length() {
    long length = upper - lower + 1;
    return length <= 0 ? Long.MAX_VALUE : length;
  }
}
