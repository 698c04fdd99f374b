package org.apache.spark.sql.geostream;

import java.util.Locale;
import org.apache.spark.sql.internal.SQLConf;
import org.geostream.types.Errors;

/**
 * GeoStream's session options, read from the active session's SQL configuration when a query is
 * analysed. Precedence: the session conf, then the default.
 */
public final class GeoConf {
  /** {@code postgis} (default) or {@code geomesa}: which meaning the few disputed functions take. */
  public static final String COMPAT = "spark.geostream.compat";
  /** {@code fail} (default) or {@code null}: whether bad input to a function fails the query or gives null. */
  public static final String ON_ERROR = "spark.geostream.onError";

  private GeoConf() {}

  /** True when {@link #COMPAT} is {@code geomesa}. */
  public static boolean geomesaCompat() {
    String v = SQLConf.get().getConfString(COMPAT, "postgis").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "postgis" -> false;
      case "geomesa" -> true;
      default -> throw Errors.cannot("read option " + COMPAT, "must be 'postgis' or 'geomesa'", v);
    };
  }

  /** True when {@link #ON_ERROR} is {@code null}. */
  public static boolean permissive() {
    String v = SQLConf.get().getConfString(ON_ERROR, "fail").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "fail" -> false;
      case "null" -> true;
      default -> throw Errors.cannot("read option " + ON_ERROR, "must be 'fail' or 'null'", v);
    };
  }
}
