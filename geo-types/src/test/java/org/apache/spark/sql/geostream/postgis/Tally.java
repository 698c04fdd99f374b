package org.apache.spark.sql.geostream.postgis;

import java.util.ArrayList;
import java.util.List;

/** The agreement count of one compared function, with the first few disagreements as examples. */
final class Tally {
  /** One disagreement: what went in and what each side gave. */
  record Example(String input, String geostream, String postgis) {}

  /**
   * Examples kept per kind of disagreement, and in all (all printed to the log; the report shows the first
   * {@link #REPORTED}); -Dgeostream.differential.examples=N keeps more while working on one function.
   */
  static final int PER_KIND = Integer.getInteger("geostream.differential.examples", 3);
  static final int MAX_EXAMPLES = 3 * PER_KIND;
  static final int REPORTED = 3;

  final String label;
  final String postgis;
  int cases;
  int agreed;
  /** The same counts over the cases whose inputs are all valid (OGC validity, by JTS). */
  int validCases;
  int validAgreed;
  /** Disagreements where PostGIS raised an error and GeoStream answered (a value or null). */
  int postgisErrorOnly;
  final List<Example> examples = new ArrayList<>();
  /** The largest Hausdorff distance between disagreeing geometry results, relative to their size. */
  double largestGeometryGap;
  /** Disagreements by what each side gave: "value / error", "null / value", … (GeoStream first). */
  final java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();

  Tally(String label, String postgis) {
    this.label = label;
    this.postgis = postgis;
  }

  void add(boolean agree, boolean valid, String input, String geostream, String postgisOut) {
    cases++;
    if (valid) {
      validCases++;
      validAgreed += agree ? 1 : 0;
    }
    if (agree) {
      agreed++;
      return;
    }
    String k = kind(geostream) + " / " + kind(postgisOut);
    if (kind(postgisOut).equals("error") && !kind(geostream).equals("error")) {
      postgisErrorOnly++;
    }
    int seen = kinds.merge(k, 1, Integer::sum);
    // A few examples of each kind of disagreement, so a rare kind is not hidden behind a frequent one.
    if (seen <= PER_KIND && examples.size() < MAX_EXAMPLES) {
      examples.add(new Example(input, geostream, postgisOut));
    }
  }

  private static String kind(String shown) {
    return shown.startsWith("ERROR: ") ? "error" : shown.equals("NULL") ? "null" : "value";
  }

  /** The disagreement kinds as text: "3 value / error, 1 null / value". */
  String kindsText() {
    StringBuilder sb = new StringBuilder();
    kinds.forEach((k, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(k));
    return sb.toString();
  }

  double percent() {
    return cases == 0 ? 100 : 100.0 * agreed / cases;
  }

  boolean perfect() {
    return agreed == cases;
  }
}
