package org.apache.spark.sql.geostream.postgis;

import java.util.ArrayList;
import java.util.List;

/** The agreement count of one compared function, with the first few disagreements as examples. */
final class Tally {
  /** One disagreement: what went in and what each side gave. */
  record Example(String input, String geostream, String postgis) {}

  static final int MAX_EXAMPLES = 3;

  final String label;
  final String postgis;
  int cases;
  int agreed;
  final List<Example> examples = new ArrayList<>();

  Tally(String label, String postgis) {
    this.label = label;
    this.postgis = postgis;
  }

  void add(boolean agree, String input, String geostream, String postgisOut) {
    cases++;
    if (agree) {
      agreed++;
    } else if (examples.size() < MAX_EXAMPLES) {
      examples.add(new Example(input, geostream, postgisOut));
    }
  }

  double percent() {
    return cases == 0 ? 100 : 100.0 * agreed / cases;
  }

  boolean perfect() {
    return agreed == cases;
  }
}
