package org.geostream.types.io;

import java.math.BigDecimal;

/** Number formatting for text outputs: integers without a fraction, others in shortest round-trip form, never exponent notation. */
final class Numbers {
  private Numbers() {}

  static void append(double v, StringBuilder sb) {
    if (v == (long) v && Math.abs(v) < 1e15) {
      if (v == 0 && 1 / v < 0) {
        sb.append("-0");
      } else {
        sb.append((long) v);
      }
      return;
    }
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      sb.append(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
      return;
    }
    String s = Double.toString(v);
    if (s.indexOf('E') >= 0) {
      s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
    sb.append(s);
  }

  static String format(double v) {
    StringBuilder sb = new StringBuilder();
    append(v, sb);
    return sb.toString();
  }
}
