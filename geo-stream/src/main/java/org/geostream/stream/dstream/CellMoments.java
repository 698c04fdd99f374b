package org.geostream.stream.dstream;

import java.io.Serializable;

/**
 * Count, sum and sum of squares of a measure: what a sliding window can both add and subtract, so
 * {@code reduceByKeyAndWindow} with an inverse function updates a window from the previous one by
 * adding the newest batch and removing the oldest instead of re-reducing every batch in it.
 * Subtraction is exact for the count and accurate to floating-point rounding for the sums.
 * Immutable and thread-safe.
 *
 * @param count records
 * @param sum sum of the measure (NaN measures are counted but not summed)
 * @param sumSquares sum of its squares
 * @param measured records with a measure
 */
public record CellMoments(long count, double sum, double sumSquares, long measured) implements Serializable {

  /** One record with measure {@code value} (NaN: no measure). */
  public static CellMoments of(double value) {
    return Double.isNaN(value) ? new CellMoments(1, 0, 0, 0) : new CellMoments(1, value, value * value, 1);
  }

  public CellMoments plus(CellMoments o) {
    return new CellMoments(count + o.count, sum + o.sum, sumSquares + o.sumSquares, measured + o.measured);
  }

  public CellMoments minus(CellMoments o) {
    return new CellMoments(count - o.count, sum - o.sum, sumSquares - o.sumSquares, measured - o.measured);
  }

  /** The mean of the measure, NaN without one. */
  public double mean() {
    return measured == 0 ? Double.NaN : sum / measured;
  }

  /** The sample variance of the measure, NaN below two measures. */
  public double variance() {
    if (measured < 2) {
      return Double.NaN;
    }
    double m = sum / measured;
    return Math.max(0, (sumSquares - measured * m * m) / (measured - 1));
  }
}
