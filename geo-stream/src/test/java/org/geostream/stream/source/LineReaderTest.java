package org.geostream.stream.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  /** Every line, with "!<bytes>" appended to the beginning of an oversized one. */
  private static List<String> lines(byte[] text, int max, int chunk) throws IOException {
    InputStream in = new ByteArrayInputStream(text) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk)); // short reads, as from a network stream
      }
    };
    LineReader r = new LineReader(in, max);
    List<String> out = new ArrayList<>();
    for (String l = r.next(); l != null; l = r.next()) {
      out.add(r.oversizedBytes() >= 0 ? l + "!" + r.oversizedBytes() : l);
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void splitsAtLineFeedsAndDropsOneCarriageReturn() throws IOException {
    assertThat(lines(utf8("a,b\r\nc\n\n  \nlast"), 100, 3)).containsExactly("a,b", "c", "", "  ", "last");
    assertThat(lines(utf8("one\n"), 100, 100)).containsExactly("one");
    assertThat(lines(utf8("x\r\r\ny\rz"), 100, 1)).containsExactly("x\r", "y\rz");
    assertThat(lines(new byte[0], 100, 10)).isEmpty();
  }

  @Test
  void linesCrossingTheBufferAreWhole() throws IOException {
    StringBuilder b = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      String line = "line " + i + " " + "é".repeat(i % 37) + "🌍";
      expected.add(line);
      b.append(line).append('\n');
    }
    assertThat(lines(utf8(b.toString()), 1 << 20, 7)).isEqualTo(expected);
    assertThat(lines(utf8(b.toString()), 1 << 20, 1 << 20)).isEqualTo(expected);
  }

  @Test
  void aLineLongerThanTheLimitIsSkippedWithItsLength() throws IOException {
    String big = "9".repeat(250);
    assertThat(lines(utf8("ok\n" + big + "\r\nnext\n" + big + "\r"), 100, 30))
        .containsExactly("ok", "9".repeat(100) + "!250", "next", "9".repeat(100) + "!250");
    assertThat(lines(utf8("ok\n" + big + "\r\nnext\n" + big + "\r"), 100, 1000))
        .containsExactly("ok", "9".repeat(100) + "!250", "next", "9".repeat(100) + "!250");
    assertThat(lines(utf8("x".repeat(100) + "\n" + "y".repeat(101) + "\n"), 100, 1000))
        .containsExactly("x".repeat(100), "y".repeat(100) + "!101");
  }

  @Test
  void malformedUtf8BecomesReplacementCharactersAndIsFlagged() throws IOException {
    byte[] text = {'a', (byte) 0xC3, '\n', (byte) 0xFF, 'b', '\n', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, '\n',
        (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'c', '\n', 'd'};
    assertThat(lines(text, 100, 2)).containsExactly("a\uFFFD", "\uFFFDb", "€", "\uFFFDc", "d");
    LineReader r = new LineReader(new ByteArrayInputStream(text), 100);
    List<Boolean> malformed = new ArrayList<>();
    for (String l = r.next(); l != null; l = r.next()) {
      malformed.add(r.malformed());
    }
    // A real U+FFFD (EF BF BD) is a valid character, not a decoding error.
    assertThat(malformed).containsExactly(true, true, false, false, false);
  }
}
