package org.geostream.stream.parse;

/**
 * A record that did not parse or validate, for the quarantine: why (a code and a message naming
 * the field and value), where it came from, and its raw text (cut at 4 KiB, with its length noted).
 *
 * @param reason the reason code
 * @param message what was wrong, naming the field
 * @param position where the record came from: {@code file:line}, {@code topic-partition@offset}, ...
 * @param raw the record's text
 */
public record Rejection(Reason reason, String message, String position, String raw) implements Parsed {
  static final int MAX_RAW = 4096;

  /** Why a record is quarantined. */
  public enum Reason {
    TOO_LARGE, BAD_ENCODING, MALFORMED_CSV, MALFORMED_JSON, MISSING_FIELD, BAD_NUMBER, BAD_GEOMETRY, EMPTY_GEOMETRY,
    INVALID_GEOMETRY, NAN_COORDINATE, OUT_OF_RANGE, MISSING_TIME, BAD_TIME
  }

  public static Rejection of(Reason reason, String message, String position, String raw) {
    String r = raw == null ? "" : raw;
    if (r.length() > MAX_RAW) {
      r = r.substring(0, MAX_RAW) + "...(" + raw.length() + " characters)";
    }
    return new Rejection(reason, message, position, r);
  }
}
