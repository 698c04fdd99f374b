package org.geostream.stream.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a stream of UTF-8 text, read through one reusable buffer: a line ends at {@code \n}
 * (one {@code \r} before it is dropped), and is decoded on its own, malformed bytes as U+FFFD (as
 * Spark's text source decodes) and {@link #malformed} telling them from a real U+FFFD. Memory stays bounded by {@code maxLineBytes}: a longer line is not
 * kept; {@link #next} returns its first bytes (up to the limit, and at most 8 KiB) and
 * {@link #oversizedBytes} its whole length. Not
 * thread-safe.
 */
public final class LineReader {
  /** How much of an oversized line {@link #next} returns (enough for a quarantine record). */
  static final int PREFIX = 8192;

  private final InputStream in;
  private final int maxLineBytes;
  private byte[] buf;
  /** Unread bytes: {@code buf[start, end)}. */
  private int start;
  private int end;
  private boolean eof;
  private long oversized = -1;
  private boolean malformed;
  /** Strict UTF-8, for lines with non-ASCII bytes only (ASCII is valid UTF-8). */
  private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

  /**
   * @param in the text, read to its end (not closed here)
   * @param maxLineBytes the longest line kept whole, in bytes
   */
  public LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = Math.max(1, maxLineBytes);
    // Room for a longest line and its \r\n, so that such a line is found whole.
    this.buf = new byte[(int) Math.min(1 << 16, this.maxLineBytes + 2L)];
  }

  /** The next line, or null at the end of the stream. */
  public String next() throws IOException {
    oversized = -1;
    malformed = false;
    int scan = start;
    boolean nonAscii = false; // of the bytes of this line scanned so far, in one pass with the line end
    while (true) {
      for (int i = scan; i < end; i++) {
        byte b = buf[i];
        if (b == '\n') {
          int from = start;
          start = i + 1;
          return line(from, i, nonAscii);
        }
        nonAscii |= b < 0;
      }
      if (eof) {
        if (start == end) {
          return null;
        }
        int from = start;
        start = end;
        return line(from, end, nonAscii);
      }
      if (start > 0) { // keep the unfinished line at the buffer's start
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
      scan = end;
      if (end == buf.length) {
        if (buf.length >= maxLineBytes + 2L) {
          return skipOversized();
        }
        buf = Arrays.copyOf(buf, (int) Math.min(maxLineBytes + 2L, 2L * buf.length));
      }
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
      } else {
        end += n;
      }
    }
  }

  /**
   * The length in bytes of the line {@link #next} returned last when it was longer than
   * {@code maxLineBytes} (only its beginning was returned), else -1.
   */
  public long oversizedBytes() {
    return oversized;
  }

  /** A full buffer without a line end: returns its beginning and skips to the next line. */
  private String skipOversized() throws IOException {
    String prefix = new String(buf, 0, prefixBytes(), StandardCharsets.UTF_8);
    long length = end;
    byte last = buf[end - 1];
    start = 0;
    end = 0;
    while (true) {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        eof = true;
        break;
      }
      int nl = -1;
      for (int i = 0; i < n && nl < 0; i++) {
        if (buf[i] == '\n') {
          nl = i;
        }
      }
      if (nl >= 0) {
        length += nl;
        last = nl > 0 ? buf[nl - 1] : last;
        start = nl + 1;
        end = n;
        break;
      }
      length += n;
      last = n > 0 ? buf[n - 1] : last;
    }
    oversized = last == '\r' ? length - 1 : length; // without the \r of a \r\n line end
    return prefix;
  }

  /** How much of an oversized line is returned: its first bytes, up to the limit and {@link #PREFIX}. */
  private int prefixBytes() {
    return Math.min(maxLineBytes, PREFIX);
  }

  /** Whether the line {@link #next} returned last was not valid UTF-8 (its bad bytes are U+FFFD). */
  public boolean malformed() {
    return malformed;
  }

  /**
   * The line in {@code buf[from, to)} (without its line end), {@code nonAscii} when it has a byte
   * above 127; only its beginning when too long.
   */
  private String line(int from, int to, boolean nonAscii) {
    if (to > from && buf[to - 1] == '\r') {
      to--;
    }
    if (to - from > maxLineBytes) {
      oversized = to - from;
      to = from + prefixBytes();
    } else if (nonAscii) { // ASCII is valid UTF-8; anything else is checked strictly
      try {
        strict.decode(ByteBuffer.wrap(buf, from, to - from)); // resets the decoder first
      } catch (CharacterCodingException e) {
        malformed = true;
      }
    }
    return new String(buf, from, to - from, StandardCharsets.UTF_8);
  }
}
