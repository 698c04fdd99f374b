package org.geostream.core.curve;

/**
 * An inclusive range {@code [lower, upper]} of space-filling-curve keys within one time bin, as
 * planned for a query by {@link Z3Curve#ranges} or {@link XZ3Curve#ranges}. A store prefixes its
 * keys with the bin (see {@link TimePeriod#bin(long)}), so a row matches the range when its bin
 * equals {@code bin} and its curve key lies in {@code [lower, upper]}.
 *
 * <p>{@code contained} is {@code true} only when every key of the range, in this bin, is inside the
 * query box and time interval; when {@code false}, rows read through it must be filtered.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bin the time bin, periods since 1970-01-01T00:00:00Z; never negative
 * @param lower first key of the range, inclusive
 * @param upper last key of the range, inclusive; never less than {@code lower}
 * @param contained whether every key of the range is inside the query
 */
public record BinnedKeyRange(short bin, long lower, long upper, boolean contained) {

  /**
   * Checks that the range is not reversed and the bin is not negative.
   *
   * @param bin the time bin, never negative
   * @param lower first key of the range, inclusive
   * @param upper last key of the range, inclusive
   * @param contained whether every key of the range is inside the query
   * @throws IllegalArgumentException if {@code lower > upper} or {@code bin < 0}
   */
  public BinnedKeyRange {
    if (bin < 0) {
      throw new IllegalArgumentException("Cannot create binned key range: bin is negative: '" + bin + "'");
    }
    if (lower > upper) {
      throw new IllegalArgumentException(
          "Cannot create binned key range: lower bound is greater than upper bound: '" + lower + " > " + upper + "'");
    }
  }

  /**
   * Whether the key {@code key} of bin {@code keyBin} lies in this range.
   *
   * @param keyBin the time bin of the key
   * @param key a curve key
   * @return {@code keyBin == bin && lower <= key <= upper}
   */
  public boolean contains(short keyBin, long key) {
    return keyBin == bin && key >= lower && key <= upper;
  }
}
