package org.geostream.sql.join;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.geostream.types.codec.GeometryCodec;
import org.geostream.types.io.Geometries;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The extent a join indexes and partitions geometries by: the box of all their coordinates, holes
 * included. JTS's envelope of a polygon is its shell's; on a valid polygon the two are the same, but
 * a hole outside its shell (an invalid polygon) still counts in distances and in its boundary, so
 * only the box of every coordinate is sure to hold everything a predicate can see. Coordinates with
 * a NaN ordinate (empty points) are left out; a geometry with no other coordinate has a null extent.
 *
 * <p>{@link #of(byte[])} reads the box straight from the encoded value (little-endian WKB/EWKB)
 * without building JTS objects, in one pass over the bytes; other byte orders are decoded. Thread-safe.
 */
public final class Extent {
  private static final VarHandle LE_DOUBLE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private Extent() {}

  /** The extent of {@code g}. */
  public static Envelope of(Geometry g) {
    Envelope env = new Envelope();
    Geometries.forEachPosition(g, (seq, i) -> {
      double x = seq.getX(i);
      double y = seq.getY(i);
      if (!Double.isNaN(x) && !Double.isNaN(y)) {
        env.expandToInclude(x, y);
      }
    });
    return env;
  }

  /** The extent of an encoded geometry (the value must be well-formed; it is decoded when it is not little-endian). */
  public static Envelope of(byte[] encoded) {
    Scanner s = new Scanner(encoded);
    if (s.geometry(0)) {
      return s.env;
    }
    return of(GeometryCodec.decode(encoded));
  }

  /** One pass over little-endian WKB; gives up (false) on anything else. */
  private static final class Scanner {
    private final byte[] b;
    private final Envelope env = new Envelope();
    private int pos;

    Scanner(byte[] b) {
      this.b = b;
    }

    boolean geometry(int depth) {
      if (depth > 64 || pos + 5 > b.length || b[pos] != 1) {
        return false;
      }
      int word = (int) LE_INT.get(b, pos + 1);
      pos += 5;
      int code = word & 0x0FFFFFFF;
      int base = code % 1000;
      int iso = code / 1000;
      if (iso > 3 || base < 1 || base > 7) {
        return false;
      }
      boolean z = (word & 0x80000000) != 0 || iso == 1 || iso == 3;
      boolean m = (word & 0x40000000) != 0 || iso == 2 || iso == 3;
      if ((word & 0x20000000) != 0) {
        pos += 4;
      }
      int dim = 2 + (z ? 1 : 0) + (m ? 1 : 0);
      return switch (base) {
        case 1 -> coordinates(1, dim);
        case 2 -> sequence(dim);
        case 3 -> {
          int rings = count();
          for (int r = 0; r < rings; r++) {
            if (!sequence(dim)) {
              yield false;
            }
          }
          yield rings >= 0;
        }
        default -> {
          int parts = count();
          for (int p = 0; p < parts; p++) {
            if (!geometry(depth + 1)) {
              yield false;
            }
          }
          yield parts >= 0;
        }
      };
    }

    private int count() {
      if (pos + 4 > b.length) {
        return -1;
      }
      int n = (int) LE_INT.get(b, pos);
      pos += 4;
      return n;
    }

    private boolean sequence(int dim) {
      int n = count();
      return n >= 0 && coordinates(n, dim);
    }

    private boolean coordinates(int n, int dim) {
      if ((long) n * dim * 8 > b.length - pos) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        double x = (double) LE_DOUBLE.get(b, pos);
        double y = (double) LE_DOUBLE.get(b, pos + 8);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
          env.expandToInclude(x, y);
        }
        pos += dim * 8;
      }
      return true;
    }
  }
}
