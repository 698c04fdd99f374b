package org.geostream.stream;

/**
 * A pipeline file that cannot be read: the message names the file, the line and column, and the
 * field at fault ({@code pipeline.yaml:12:9: window.size: ...}).
 */
public final class PipelineFileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String origin;
  private final int line;
  private final String field;

  PipelineFileException(String origin, int line, int column, String field, String message, Throwable cause) {
    super(origin + (line > 0 ? ":" + line + ":" + column : "") + ": " + (field.isEmpty() ? "" : field + ": ")
        + message, cause);
    this.origin = origin;
    this.line = line;
    this.field = field;
  }

  /** The file (or the name given to the text). */
  public String origin() {
    return origin;
  }

  /** The 1-based line at fault, or 0 when the whole file is. */
  public int line() {
    return line;
  }

  /** The dotted path of the field at fault ({@code window.size}, {@code aggregates[2]}), or empty. */
  public String field() {
    return field;
  }
}
