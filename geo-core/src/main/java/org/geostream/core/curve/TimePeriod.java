package org.geostream.core.curve;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Length of the time bins that prefix {@link Z3Curve} and {@link XZ3Curve} keys, with the unit of
 * the offset inside a bin. Bins count whole periods since 1970-01-01T00:00:00Z in UTC, as GeoMesa's
 * {@code BinnedTime} does, so bin {@code 0} starts at the epoch and weeks start on Thursdays (the
 * weekday of 1970-01-01).
 *
 * <table>
 *   <caption>Bins per period</caption>
 *   <tr><th>period</th><th>offset unit</th><th>offset span</th><th>last indexable instant (exclusive)</th></tr>
 *   <tr><td>DAY</td><td>millisecond</td><td>86,400,000</td><td>2059-09-19T00:00:00Z</td></tr>
 *   <tr><td>WEEK</td><td>second</td><td>604,800</td><td>2598-01-04T00:00:00Z</td></tr>
 *   <tr><td>MONTH</td><td>second</td><td>2,678,400 (31 days)</td><td>4700-09-01T00:00:00Z</td></tr>
 *   <tr><td>YEAR</td><td>minute</td><td>527,040 (366 days)</td><td>34738-01-01T00:00:00Z</td></tr>
 * </table>
 *
 * <p>A bin is a {@code short} in {@code [0, 32767]}: instants before 1970 or after the last bin are
 * rejected, since negative bins would break the byte order of store keys.
 *
 * <p>Immutable and thread-safe; every method is O(1).
 */
public enum TimePeriod {
  /** One bin per UTC day; offsets in milliseconds. */
  DAY(86_400_000L, 0, 1L, 86_400_000L),
  /** One bin per 7 days starting 1970-01-01 (a Thursday); offsets in seconds. */
  WEEK(604_800_000L, 0, 1_000L, 604_800L),
  /** One bin per calendar month in UTC; offsets in seconds, spanning 31 days. */
  MONTH(0L, 1, 1_000L, 31L * 86_400L),
  /** One bin per calendar year in UTC; offsets in minutes, spanning 366 days. */
  YEAR(0L, 12, 60_000L, 366L * 1_440L);

  private static final long DAY_MILLIS = 86_400_000L;
  private static final int BIN_COUNT = Short.MAX_VALUE + 1;

  // bins of a fixed length (DAY, WEEK) are computed by division, calendar bins (MONTH, YEAR) by
  // counting months, since months and years differ in length
  private final long fixedMillis;
  private final int calendarMonths;
  private final long unitMillis;
  private final long offsetSpan;
  private final long endMillis;

  TimePeriod(long fixedMillis, int calendarMonths, long unitMillis, long offsetSpan) {
    this.fixedMillis = fixedMillis;
    this.calendarMonths = calendarMonths;
    this.unitMillis = unitMillis;
    this.offsetSpan = offsetSpan;
    this.endMillis = startOf(BIN_COUNT);
  }

  /**
   * Milliseconds in one unit of the offset inside a bin (1 for DAY, 1,000 for WEEK and MONTH,
   * 60,000 for YEAR).
   *
   * @return the offset unit in milliseconds
   */
  public long offsetUnitMillis() {
    return unitMillis;
  }

  /**
   * Number of offset units in the longest bin of this period; every offset is in
   * {@code [0, offsetSpan())}.
   *
   * @return the exclusive upper bound of offsets
   */
  public long offsetSpan() {
    return offsetSpan;
  }

  /**
   * First instant that cannot be binned (the start of bin 32768), in epoch milliseconds.
   *
   * @return the exclusive upper bound of indexable times
   */
  public long endMillis() {
    return endMillis;
  }

  /**
   * Bin of an instant: whole periods between 1970-01-01T00:00:00Z and {@code epochMillis}.
   *
   * @param epochMillis milliseconds since 1970-01-01T00:00:00Z
   * @return the bin, in {@code [0, 32767]}
   * @throws IllegalArgumentException if the instant is before 1970 or at or after {@link #endMillis()}
   */
  public short bin(long epochMillis) {
    check("bin time", epochMillis);
    return (short) binOf(epochMillis);
  }

  /**
   * Offset of an instant inside its bin, in this period's unit, rounded down.
   *
   * @param epochMillis milliseconds since 1970-01-01T00:00:00Z
   * @return the offset, in {@code [0, offsetSpan())}
   * @throws IllegalArgumentException if the instant is before 1970 or at or after {@link #endMillis()}
   */
  public long offset(long epochMillis) {
    check("compute time offset", epochMillis);
    return (epochMillis - startOf(binOf(epochMillis))) / unitMillis;
  }

  /**
   * First instant of a bin.
   *
   * @param bin a bin in {@code [0, 32767]}
   * @return the start of the bin in epoch milliseconds
   * @throws IllegalArgumentException if {@code bin} is negative
   */
  public long binStartMillis(short bin) {
    if (bin < 0) {
      throw new IllegalArgumentException("Cannot compute bin start: bin is negative: '" + bin + "'");
    }
    return startOf(bin);
  }

  /** Throws unless the instant falls in a bin of this period. */
  void check(String action, long epochMillis) {
    if (epochMillis < 0 || epochMillis >= endMillis) {
      throw new IllegalArgumentException("Cannot " + action + ": time outside the " + name() + " bins ["
          + Instant.EPOCH + ", " + Instant.ofEpochMilli(endMillis) + "): '" + epochMillis + "'");
    }
  }

  /** Bin of an indexable instant, without checks. */
  int binUnchecked(long epochMillis) {
    return (int) binOf(epochMillis);
  }

  /** First instant of a bin in {@code [0, 32768]}, without checks (bin 32768 starts at the end). */
  long binStartUnchecked(long bin) {
    return startOf(bin);
  }

  /** Offset of an indexable instant in its bin, without checks. */
  long offsetUnchecked(long epochMillis) {
    return (epochMillis - startOf(binOf(epochMillis))) / unitMillis;
  }

  private long binOf(long epochMillis) {
    if (calendarMonths == 0) {
      return Math.floorDiv(epochMillis, fixedMillis);
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MILLIS));
    long months = (date.getYear() - 1970L) * 12L + date.getMonthValue() - 1L;
    return months / calendarMonths;
  }

  private long startOf(long bin) {
    if (calendarMonths == 0) {
      return bin * fixedMillis;
    }
    return LocalDate.EPOCH.plusMonths(bin * calendarMonths).toEpochDay() * DAY_MILLIS;
  }
}
