package org.geostream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One benchmarked query: a single-row SQL aggregate over the cached inputs, written per engine, and
 * how closely the engines' answers must agree.
 *
 * @param id short id (W1, W2, ...)
 * @param title what it measures, for the report
 * @param sql the query for an engine; {@value #CONTAINS_WKT} stands for the W3 literal's WKT
 * @param tolerances per answer column, how far engines may differ; columns not named are exact
 */
record Workload(String id, String title, Function<Engine, String> sql, Map<String, Tolerance> tolerances) {

  /** Placeholder for the WKT of the country literal, replaced in the query and elided in reports. */
  static final String CONTAINS_WKT = "${CONTAINS_WKT}";

  /** The tolerance for answer column {@code column}. */
  Tolerance tolerance(String column) {
    return tolerances.getOrDefault(column, Tolerance.EXACT);
  }

  /**
   * The columns where answers {@code a} and {@code b} differ beyond their tolerance, as
   * {@code column: a vs b}; empty when they agree.
   */
  List<String> differences(Map<String, Object> a, Map<String, Object> b, long points) {
    return compare(a, b, points, false);
  }

  /**
   * The columns where answers {@code a} and {@code b} agree within tolerance but are not equal, as
   * {@code column: a vs b (why)}.
   */
  List<String> nearDifferences(Map<String, Object> a, Map<String, Object> b, long points) {
    return compare(a, b, points, true);
  }

  private List<String> compare(Map<String, Object> a, Map<String, Object> b, long points, boolean near) {
    List<String> out = new ArrayList<>();
    TreeSet<String> columns = new TreeSet<>(a.keySet());
    columns.addAll(b.keySet());
    for (String c : columns) {
      Object x = a.get(c);
      Object y = b.get(c);
      boolean same = x instanceof Number nx && y instanceof Number ny
          ? tolerance(c).agree(nx, ny, points)
          : Objects.equals(x, y);
      if (!near && !same) {
        out.add(c + ": " + x + " vs " + y);
      } else if (near && same && !Objects.equals(x, y)) {
        String why = tolerance(c).why();
        out.add(c + ": " + x + " vs " + y + (why.isEmpty() ? "" : " (" + why + ")"));
      }
    }
    return out;
  }

  /**
   * How far two answers may differ: {@code |a - b| <= max(relative * max(|a|, |b|), perPoint * points)}.
   *
   * @param relative relative tolerance
   * @param perPoint absolute tolerance per input point, for sums of values an engine rounds
   * @param why why answers may differ at all, for the report
   */
  record Tolerance(double relative, double perPoint, String why) {
    /** Equal values only. */
    static final Tolerance EXACT = new Tolerance(0, 0, "");

    /** True when {@code a} and {@code b} agree for an input of {@code points} points. */
    boolean agree(Number a, Number b, long points) {
      if (a == null || b == null) {
        return a == b;
      }
      if (isIntegral(a) && isIntegral(b)) {
        return a.longValue() == b.longValue();
      }
      double x = a.doubleValue();
      double y = b.doubleValue();
      double bound = Math.max(relative * Math.max(Math.abs(x), Math.abs(y)), perPoint * points);
      return x == y || Math.abs(x - y) <= bound;
    }

    private static boolean isIntegral(Number n) {
      return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }
  }
}
