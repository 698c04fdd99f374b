package org.geostream.store.fs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.geostream.core.curve.Z2Curve;
import org.geostream.types.Errors;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * How the fs store lays features out in partition directories: an optional time bin of the
 * type's date attribute ({@code hourly}, {@code daily}, {@code monthly}) and an optional spatial
 * cell ({@code z2-<n>bit}: the Z-order cell of <i>n</i> bits, <i>n</i> even, 2 to 24, so
 * 2<sup>n</sup> cells over the world), written {@code daily,z2-4bit}; {@code none} keeps one
 * partition. A feature's cell is the one holding the centre of its envelope; features without a
 * geometry or time go to the {@code _none} bin.
 *
 * <p>Partitions only cluster the data; pruning uses the exact bounds and time range the commit log
 * records per file, so a polygon reaching beyond its cell is still found. Immutable, thread-safe.
 *
 * @param time the time bin, or null
 * @param bits the bits of the spatial cell, 0 for none
 */
public record PartitionScheme(TimeBin time, int bits) {
  private static final Z2Curve SORT_CURVE = new Z2Curve(16);
  private static final Z2Curve[] CELL_CURVES = new Z2Curve[13];

  static {
    for (int i = 1; i < CELL_CURVES.length; i++) {
      CELL_CURVES[i] = new Z2Curve(i);
    }
  }

  /** The scheme used when none is given. */
  public static final String DEFAULT = "daily,z2-4bit";

  /** Time bins. */
  public enum TimeBin {
    HOURLY("yyyy-MM-dd'T'HH", 3_600_000L),
    DAILY("yyyy-MM-dd", 86_400_000L),
    MONTHLY("yyyy-MM", 0L);

    private final DateTimeFormatter format;
    private final long millis;

    TimeBin(String pattern, long millis) {
      this.format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
      this.millis = millis;
    }

    String label(long epochMillis) {
      return format.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The bin of an instant, as milliseconds truncated to the bin start (months by calendar). */
    long start(long epochMillis) {
      if (millis > 0) {
        return Math.floorDiv(epochMillis, millis) * millis;
      }
      return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate()
          .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
  }

  /**
   * Parses a scheme such as {@code daily,z2-4bit}.
   *
   * @throws org.geostream.types.GeoStreamException naming the part that is not understood
   */
  public static PartitionScheme parse(String text) {
    TimeBin time = null;
    int bits = 0;
    for (String raw : text.split(",")) {
      String part = raw.trim().toLowerCase(Locale.ROOT);
      if (part.isEmpty() || part.equals("none")) {
        continue;
      }
      switch (part) {
        case "hourly" -> time = TimeBin.HOURLY;
        case "daily" -> time = TimeBin.DAILY;
        case "monthly" -> time = TimeBin.MONTHLY;
        default -> {
          if (part.matches("z2-\\d+bits?")) {
            bits = Integer.parseInt(part.substring(3, part.indexOf('b')));
            if (bits < 2 || bits > 24 || bits % 2 != 0) {
              throw Errors.cannot("parse partition scheme", "z2 bits must be even, from 2 to 24", text);
            }
          } else {
            throw Errors.cannot("parse partition scheme",
                "unknown part '" + part + "' (expected hourly, daily, monthly, z2-<n>bit or none)", text);
          }
        }
      }
    }
    return new PartitionScheme(time, bits);
  }

  /** The scheme as text, parseable by {@link #parse}. */
  @Override
  public String toString() {
    String t = time == null ? "" : time.name().toLowerCase(Locale.ROOT);
    String s = bits == 0 ? "" : "z2-" + bits + "bit";
    String out = t.isEmpty() ? s : s.isEmpty() ? t : t + "," + s;
    return out.isEmpty() ? "none" : out;
  }

  /** Key of a missing time or geometry in {@link #timeKey} and {@link #cellKey}. */
  static final long NONE = Long.MIN_VALUE;

  /**
   * The partition directory of a feature: {@code <time bin>/<cell>}, parts present as the scheme
   * has them; {@code ""} for the scheme {@code none}.
   *
   * @param geometry the default geometry, may be null
   * @param epochMillis the date attribute, or null
   */
  public String partition(Geometry geometry, Long epochMillis) {
    return label(timeKey(epochMillis), cellKey(geometry));
  }

  /** The time part of a partition as a number: the bin's start, {@link #NONE} without time. */
  long timeKey(Long epochMillis) {
    return time == null || epochMillis == null ? NONE : time.start(epochMillis);
  }

  /** The spatial part of a partition as a number: the cell index, {@link #NONE} without geometry. */
  long cellKey(Geometry g) {
    return bits == 0 || g == null || g.isEmpty() ? NONE : zIndex(CELL_CURVES[bits / 2], g);
  }

  /** The partition directory of the keys {@link #timeKey} and {@link #cellKey} give. */
  String label(long timeKey, long cellKey) {
    StringBuilder sb = new StringBuilder();
    if (time != null) {
      sb.append(timeKey == NONE ? "_none" : time.label(timeKey));
    }
    if (bits > 0) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(cellKey == NONE ? "_none"
          : "z" + String.format(Locale.ROOT, "%0" + Math.max(1, (bits + 3) / 4) + "x", cellKey));
    }
    return sb.toString();
  }

  /** The Z-order index of the centre of {@code g}'s envelope, clamped to lon/lat range. */
  private static long zIndex(Z2Curve curve, Geometry g) {
    Envelope e = g.getEnvelopeInternal();
    double x = Math.max(-180, Math.min(180, (e.getMinX() + e.getMaxX()) / 2));
    double y = Math.max(-90, Math.min(90, (e.getMinY() + e.getMaxY()) / 2));
    return curve.index(x, y);
  }

  /** The sort key of a row inside a file: time by the hour, then Z-order at 16 bits a dimension. */
  static long sortKey(Geometry g, Long epochMillis) {
    long hour = epochMillis == null ? 0 : Math.floorDiv(epochMillis, 3_600_000L) & 0x7FFFFFFFL;
    long z = g == null || g.isEmpty() ? 0 : zIndex(SORT_CURVE, g);
    return (hour << 32) | z;
  }
}
