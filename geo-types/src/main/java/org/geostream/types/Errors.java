package org.geostream.types;

import java.nio.charset.StandardCharsets;

/**
 * Builds every user-facing error message in one place, in the form
 * "Cannot &lt;action&gt;: &lt;reason&gt;: &lt;excerpt of the value&gt;".
 *
 * <p>Values are shortened to an excerpt so one huge polygon does not flood a log. Thread-safe.
 */
public final class Errors {
  /** Longest excerpt of an offending value shown in a message. */
  public static final int EXCERPT_CHARS = 120;

  private Errors() {}

  /** An error for {@code action} failing for {@code reason} on {@code value} (may be null). */
  public static GeoStreamException cannot(String action, String reason, Object value) {
    return new GeoStreamException(action, reason, value, null);
  }

  /** As {@link #cannot(String, String, Object)}, keeping {@code cause}. */
  public static GeoStreamException cannot(String action, String reason, Object value, Throwable cause) {
    return new GeoStreamException(action, reason, value, cause);
  }

  /** The message text of {@link #cannot(String, String, Object)}. */
  public static String message(String action, String reason, Object value) {
    StringBuilder sb = new StringBuilder("Cannot ").append(action).append(": ").append(reason);
    if (value != null) {
      sb.append(": ").append(excerpt(value));
    }
    return sb.toString();
  }

  /** A short printable excerpt of a value: text as is, bytes as hex, long values cut with "...". */
  public static String excerpt(Object value) {
    String s;
    if (value instanceof byte[] bytes) {
      s = hex(bytes, EXCERPT_CHARS / 2 + 1);
    } else {
      s = String.valueOf(value);
    }
    if (s.length() > EXCERPT_CHARS) {
      s = s.substring(0, EXCERPT_CHARS) + "...";
    }
    return "'" + s + "'";
  }

  private static String hex(byte[] bytes, int max) {
    byte[] digits = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    int n = Math.min(bytes.length, max);
    byte[] out = new byte[n * 2];
    for (int i = 0; i < n; i++) {
      out[2 * i] = digits[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = digits[bytes[i] & 0xF];
    }
    return new String(out, StandardCharsets.US_ASCII) + (bytes.length > n ? "..." : "");
  }
}
