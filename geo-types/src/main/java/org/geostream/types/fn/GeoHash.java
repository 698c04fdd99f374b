package org.geostream.types.fn;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygon;

/**
 * Geohash encoding and decoding at bit precision (characters are 5 bits each). Hand-written: it is
 * a few lines of bit interleaving, runs per row in group-by workloads, and the libraries allocate a
 * hash object per call. Thread-safe.
 */
final class GeoHash {
  private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();
  private static final int[] DECODE = new int[128];

  static {
    java.util.Arrays.fill(DECODE, -1);
    for (int i = 0; i < BASE32.length; i++) {
      DECODE[BASE32[i]] = i;
      DECODE[Character.toUpperCase(BASE32[i])] = i;
    }
  }

  /** Longest geohash handled, in bits (GeoMesa's limit too). */
  static final int MAX_BITS = 63;

  private GeoHash() {}

  /**
   * The geohash of ({@code lon}, {@code lat}) with {@code bits} bits, as {@code ceil(bits/5)}
   * characters (a partial last character is zero-padded, as GeoMesa does).
   */
  static String encode(double lon, double lat, int bits, String fn) {
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw Args.bad(fn, "longitude must be within [-180, 180] and latitude within [-90, 90]", lon + " " + lat);
    }
    if (bits < 1 || bits > MAX_BITS) {
      throw Args.bad(fn, "precision must be between 1 and " + MAX_BITS + " bits (12 characters)", bits);
    }
    long hash = interleave(lon, lat, bits);
    int chars = (bits + 4) / 5;
    hash <<= chars * 5 - bits;
    char[] out = new char[chars];
    for (int i = chars - 1; i >= 0; i--) {
      out[i] = BASE32[(int) (hash & 31)];
      hash >>>= 5;
    }
    return new String(out);
  }

  private static final byte[] BASE32_ASCII = new String(BASE32).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The geohash of a position with any number of characters (PostGIS allows more than 12). */
  static String encodeChars(double lon, double lat, int chars) {
    return new String(encodeAscii(lon, lat, chars), java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** {@link #encodeChars} as ASCII bytes, without a String in between. */
  static byte[] encodeAscii(double lon, double lat, int chars) {
    double minX = -180, maxX = 180, minY = -90, maxY = 90;
    byte[] out = new byte[chars];
    boolean even = true;
    for (int i = 0; i < chars; i++) {
      int v = 0;
      for (int b = 0; b < 5; b++) {
        v <<= 1;
        if (even) {
          double mid = (minX + maxX) / 2;
          if (lon >= mid) {
            v |= 1;
            minX = mid;
          } else {
            maxX = mid;
          }
        } else {
          double mid = (minY + maxY) / 2;
          if (lat >= mid) {
            v |= 1;
            minY = mid;
          } else {
            maxY = mid;
          }
        }
        even = !even;
      }
      out[i] = BASE32_ASCII[v];
    }
    return out;
  }

  /** The first {@code bits} interleaved bits (longitude first) of a position. */
  static long interleave(double lon, double lat, int bits) {
    double minX = -180, maxX = 180, minY = -90, maxY = 90;
    long hash = 0;
    for (int i = 0; i < bits; i++) {
      hash <<= 1;
      if ((i & 1) == 0) {
        double mid = (minX + maxX) / 2;
        if (lon >= mid) {
          hash |= 1;
          minX = mid;
        } else {
          maxX = mid;
        }
      } else {
        double mid = (minY + maxY) / 2;
        if (lat >= mid) {
          hash |= 1;
          minY = mid;
        } else {
          maxY = mid;
        }
      }
    }
    return hash;
  }

  /** The cell of the first {@code bits} bits of {@code hash}. */
  static Envelope envelope(String hash, int bits, String fn) {
    if (hash.isEmpty()) {
      throw Args.bad(fn, "geohash is empty", hash);
    }
    if (bits < 1 || bits > Math.min(MAX_BITS, hash.length() * 5)) {
      throw Args.bad(fn, "precision must be between 1 and " + Math.min(MAX_BITS, hash.length() * 5) + " bits for this geohash", bits);
    }
    double minX = -180, maxX = 180, minY = -90, maxY = 90;
    int bit = 0;
    for (int i = 0; i < hash.length() && bit < bits; i++) {
      char ch = hash.charAt(i);
      int v = ch < 128 ? DECODE[ch] : -1;
      if (v < 0) {
        throw Args.bad(fn, "'" + ch + "' is not a geohash character", hash);
      }
      for (int j = 4; j >= 0 && bit < bits; j--, bit++) {
        boolean set = ((v >> j) & 1) == 1;
        if ((bit & 1) == 0) {
          double mid = (minX + maxX) / 2;
          if (set) {
            minX = mid;
          } else {
            maxX = mid;
          }
        } else {
          double mid = (minY + maxY) / 2;
          if (set) {
            minY = mid;
          } else {
            maxY = mid;
          }
        }
      }
    }
    return new Envelope(minX, maxX, minY, maxY);
  }

  /** The cell polygon (SRID 4326) of the first {@code bits} bits of {@code hash}. */
  static Polygon cell(String hash, int bits, String fn) {
    Envelope e = envelope(hash, bits, fn);
    return Constructors.box(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), 4326, fn);
  }
}
