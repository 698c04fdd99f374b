package org.geostream.stream;

import java.io.Serializable;
import java.time.Duration;

/**
 * The event-time window: {@code size} of history per result, a new window every {@code slide}
 * (equal for tumbling windows), and the {@code watermark} delay after which a window closes and
 * later records are late.
 *
 * @param emit {@code UPDATE}: a window's result is written whenever a batch changes it and is
 *     final once the watermark passes its end; {@code FINAL}: written once, when the watermark
 *     passes its end
 */
public record WindowSpec(Duration size, Duration slide, Duration watermark, Emit emit) implements Serializable {

  /** When results are written. */
  public enum Emit { UPDATE, FINAL }

  public WindowSpec {
    if (size == null || size.isZero() || size.isNegative()) {
      throw new IllegalArgumentException("window size must be positive, got " + size);
    }
    slide = slide == null ? size : slide;
    if (slide.isZero() || slide.isNegative() || slide.compareTo(size) > 0) {
      throw new IllegalArgumentException("window slide must be positive and at most the size (" + size + "), got "
          + slide);
    }
    if (size.toMillis() % slide.toMillis() != 0) {
      throw new IllegalArgumentException("window size (" + size + ") must be a multiple of the slide (" + slide + ")");
    }
    watermark = watermark == null ? Duration.ZERO : watermark;
    if (watermark.isNegative()) {
      throw new IllegalArgumentException("watermark must not be negative, got " + watermark);
    }
    emit = emit == null ? Emit.UPDATE : emit;
  }

  public static WindowSpec tumbling(Duration size, Duration watermark) {
    return new WindowSpec(size, size, watermark, Emit.UPDATE);
  }

  public static WindowSpec sliding(Duration size, Duration slide, Duration watermark) {
    return new WindowSpec(size, slide, watermark, Emit.UPDATE);
  }

  public WindowSpec emit(Emit e) {
    return new WindowSpec(size, slide, watermark, e);
  }

  /** Panes (slide-sized) per window. */
  public int panes() {
    return (int) (size.toMillis() / slide.toMillis());
  }
}
