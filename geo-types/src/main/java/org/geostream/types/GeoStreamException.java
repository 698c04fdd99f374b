package org.geostream.types;

/**
 * The one exception type GeoStream raises for bad input, wrong options and failed operations.
 *
 * <p>Messages read "Cannot &lt;action&gt;: &lt;reason&gt;: &lt;value&gt;" and name the function, option or
 * record at fault. Build them through {@link Errors}, never by hand at the call site.
 */
public class GeoStreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String action;
  private final String reason;
  private final Object value;

  GeoStreamException(String action, String reason, Object value, Throwable cause) {
    super(Errors.message(action, reason, value), cause);
    this.action = action;
    this.reason = reason;
    this.value = value;
  }

  /** What could not be done, e.g. "parse WKT". */
  public String action() {
    return action;
  }

  /** Why it could not be done. */
  public String reason() {
    return reason;
  }

  /**
   * The same error with {@code where} (a function or record name) appended to the action, e.g.
   * "Cannot parse WKT in st_geomFromWKT: ...". Returns this when the action already names it.
   */
  public GeoStreamException in(String where) {
    if (action.contains(where)) {
      return this;
    }
    GeoStreamException e = new GeoStreamException(action + " in " + where, reason, value, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
