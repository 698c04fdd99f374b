package org.geostream.stream.agg;

import java.io.Serializable;
import java.util.Locale;

/**
 * One aggregate of a pipeline: a function, the field it reads (none for {@code count},
 * {@code extent} and {@code centroid}), a quantile's probability, and the name of its output
 * attribute. All of them are mergeable, so panes combine into windows.
 *
 * @param fn the function
 * @param field the record field it reads, or null
 * @param p the probability of a {@code quantile}, in [0, 1]
 * @param as the output attribute name
 */
public record AggregateSpec(Fn fn, String field, double p, String as) implements Serializable {

  /** The aggregate functions. */
  public enum Fn {
    COUNT(false), SUM(true), AVG(true), MIN(true), MAX(true), VARIANCE(true), STDDEV(true), FIRST(true), LAST(true),
    DISTINCT(true), QUANTILE(true), EXTENT(false), CENTROID(false);

    /** Whether it reads a field. */
    public final boolean needsField;

    Fn(boolean needsField) {
      this.needsField = needsField;
    }

    /** The function of a name (case-insensitive; {@code approx_count_distinct}, {@code stddev_samp}, ... accepted). */
    public static Fn of(String name) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      return switch (n) {
        case "mean", "average" -> AVG;
        case "var", "var_samp", "variance_samp" -> VARIANCE;
        case "stddev_samp", "std" -> STDDEV;
        case "approx_count_distinct", "count_distinct", "distinct_count" -> DISTINCT;
        case "percentile", "percentile_approx", "approx_percentile" -> QUANTILE;
        case "bbox" -> EXTENT;
        default -> {
          try {
            yield valueOf(n.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown aggregate '" + name + "' (known: count, sum, avg, min, max, "
                + "variance, stddev, first, last, distinct, quantile, extent, centroid)");
          }
        }
      };
    }
  }

  public AggregateSpec {
    if (fn.needsField && (field == null || field.isBlank())) {
      throw new IllegalArgumentException("aggregate " + fn.name().toLowerCase(Locale.ROOT) + " needs a field");
    }
    if (!fn.needsField && field != null) {
      throw new IllegalArgumentException("aggregate " + fn.name().toLowerCase(Locale.ROOT) + " takes no field");
    }
    if (fn == Fn.QUANTILE && !(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("quantile probability must be within [0, 1], got " + p);
    }
    if (as == null || as.isBlank()) {
      as = defaultName(fn, field, p);
    }
  }

  /** {@code fn(field)} named by default. */
  public static AggregateSpec of(Fn fn, String field) {
    return new AggregateSpec(fn, field, Double.NaN, null);
  }

  /** The default output name: {@code count}, {@code avg_speed}, {@code p90_speed}, {@code distinct_vehicle}. */
  static String defaultName(Fn fn, String field, double p) {
    String f = fn.name().toLowerCase(Locale.ROOT);
    if (fn == Fn.QUANTILE) {
      String pct = String.valueOf(Math.round(p * 1000) / 10.0).replaceAll("\\.0$", "").replace('.', '_');
      return "p" + pct + "_" + field;
    }
    return field == null ? f : f + "_" + field;
  }
}
