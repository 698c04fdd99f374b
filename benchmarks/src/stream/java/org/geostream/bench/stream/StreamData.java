package org.geostream.bench.stream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The input of every engine: vehicle reports as CSV files in a directory, in event-time order, with a
 * header line {@code vehicle,kind,time,lon,lat,speed} ({@code time} in epoch milliseconds, coordinates
 * with 6 decimals, speed in km/h with 2). Report {@code i} is a pure function of {@code (seed, i)}: vehicle
 * {@code i % vehicles} at step {@code i / vehicles}, circling its home city on a loop of its own radius
 * (0.5 to 12 km) at its own pace. The eight cities make a dense fleet: at the defaults, a few hundred
 * reports per H3 resolution-7 cell and minute. Files are written once per settings (a manifest records
 * them) and reused by every JVM and every later run.
 */
final class StreamData {
  private StreamData() {}

  static final String HEADER = "vehicle,kind,time,lon,lat,speed";
  /** The event time of the first report: 2026-11-21T06:00:00Z. */
  static final long START = 1795240800000L;
  private static final double[][] CITIES = {
      {2.3522, 48.8566}, {-0.1276, 51.5072}, {13.4050, 52.5200}, {-3.7038, 40.4168},
      {12.4964, 41.9028}, {4.9041, 52.3676}, {16.3738, 48.2082}, {21.0122, 52.2297}};
  private static final String[] KINDS = {"bus", "taxi", "truck", "bike", "van"};
  private static final int VERSION = 1;

  /** Writes the files unless the directory already holds them for these settings; returns the file paths in order. */
  static List<Path> ensure(StreamOptions o) throws Exception {
    Path manifest = o.data().resolve("manifest.properties");
    Properties want = manifest(o);
    if (Files.isRegularFile(manifest)) {
      Properties have = new Properties();
      try (var in = Files.newInputStream(manifest)) {
        have.load(in);
      }
      if (have.equals(want)) {
        return ordered(files(o));
      }
      Files.delete(manifest);
    }
    if (Files.exists(dir(o))) {
      try (var s = Files.list(dir(o))) {
        for (Path p : s.toList()) {
          if (p.getFileName().toString().endsWith(".csv") || p.getFileName().toString().endsWith(".tmp")) {
            Files.delete(p);
          }
        }
      }
    }
    Files.createDirectories(dir(o));
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    List<Future<?>> done = new ArrayList<>();
    List<Path> files = files(o);
    for (int f = 0; f < o.files(); f++) {
      int file = f;
      done.add(pool.submit(() -> write(o, file, files.get(file))));
    }
    for (Future<?> d : done) {
      d.get();
    }
    pool.shutdown();
    try (var out = Files.newOutputStream(manifest)) {
      want.store(out, "stream benchmark input");
    }
    ordered(files);
    System.err.printf("Wrote %,d events in %d files to %s in %.1f s%n", o.events(), o.files(), o.data(),
        (System.nanoTime() - t0) / 1e9);
    return files;
  }

  /** The files, in event-time order (their modification times follow that order, which is the order Spark reads). */
  static List<Path> files(StreamOptions o) {
    List<Path> out = new ArrayList<>();
    for (int f = 0; f < o.files(); f++) {
      out.add(dir(o).resolve(String.format("reports-%05d.csv", f)));
    }
    return out;
  }

  /**
   * A directory holding (hard links to) the first micro-batch's files, for the engines' untimed warm-up
   * queries.
   */
  static Path warmup(StreamOptions o) throws IOException {
    Path w = o.data().resolve("warmup");
    if (Files.exists(w)) {
      try (var s = Files.list(w)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(w);
    List<Path> files = files(o);
    for (int f = 0; f < Math.min(o.files(), o.filesPerTrigger()); f++) {
      Path link = w.resolve(files.get(f).getFileName());
      try {
        Files.createLink(link, files.get(f));
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(files.get(f), link);
      }
    }
    return w;
  }

  /** The directory of the CSV files (the stream sources read it; the manifest stays outside). */
  static Path dir(StreamOptions o) {
    return o.data().resolve("csv");
  }

  /**
   * Gives the files modification times one second apart in file order: Spark's file source takes the
   * oldest files first, so each micro-batch holds the next files and event time only moves forward.
   */
  private static List<Path> ordered(List<Path> files) throws IOException {
    long base = System.currentTimeMillis() - files.size() * 1000L - 60_000;
    for (int f = 0; f < files.size(); f++) {
      Files.setLastModifiedTime(files.get(f), java.nio.file.attribute.FileTime.fromMillis(base + f * 1000L));
    }
    return files;
  }

  private static Properties manifest(StreamOptions o) {
    Properties p = new Properties();
    p.setProperty("version", String.valueOf(VERSION));
    p.setProperty("events", String.valueOf(o.events()));
    p.setProperty("vehicles", String.valueOf(o.vehicles()));
    p.setProperty("sample-ms", String.valueOf(o.sampleMs()));
    p.setProperty("files", String.valueOf(o.files()));
    p.setProperty("seed", String.valueOf(o.seed()));
    return p;
  }

  /** First event of file {@code f}. */
  static long first(StreamOptions o, int f) {
    return o.events() * f / o.files();
  }

  private static Void write(StreamOptions o, int f, Path path) {
    Path tmp = path.resolveSibling("." + path.getFileName() + ".tmp");
    StringBuilder b = new StringBuilder(64);
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(HEADER);
      w.write('\n');
      for (long i = first(o, f), end = first(o, f + 1); i < end; i++) {
        b.setLength(0);
        line(o, i, b);
        w.append(b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + tmp + ": " + e.getMessage(), e);
    }
    try {
      Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return null;
  }

  /** Appends report {@code i} as a CSV line (with its newline). */
  static void line(StreamOptions o, long i, StringBuilder b) {
    long v = i % o.vehicles();
    long step = i / o.vehicles();
    long h = mix(v * 0x9E3779B97F4A7C15L + o.seed());
    double[] city = CITIES[(int) Math.floorMod(h, (long) CITIES.length)];
    String kind = KINDS[(int) Math.floorMod(h >>> 20, (long) KINDS.length)];
    double t = step * o.sampleMs() / 1000.0;
    double radiusKm = 0.5 + Math.floorMod(h >>> 8, 1000L) / 1000.0 * 11.5;
    double omega = (0.3 + Math.floorMod(h >>> 30, 1000L) / 1000.0) / radiusKm / 60; // rad/s: 18-78 km/h
    double phase = Math.floorMod(h >>> 40, 6283L) / 1000.0;
    double theta = phase + omega * t;
    double lon = city[0] + radiusKm / (111.32 * Math.cos(Math.toRadians(city[1]))) * Math.cos(theta);
    double lat = city[1] + radiusKm / 110.57 * Math.sin(theta);
    long noise = mix(i * 31 + o.seed());
    double speed = omega * radiusKm * 3600 * (0.85 + Math.floorMod(noise, 300L) / 1000.0);
    b.append('v').append(v).append(',').append(kind).append(',').append(START + step * o.sampleMs()).append(',');
    fixed(b, lon, 6);
    b.append(',');
    fixed(b, lat, 6);
    b.append(',');
    fixed(b, speed, 2);
    b.append('\n');
  }

  /** {@code x} with exactly {@code decimals} decimals (rounded half up), no exponent. */
  static void fixed(StringBuilder b, double x, int decimals) {
    long scale = decimals == 6 ? 1_000_000L : 100L;
    long n = Math.round(Math.abs(x) * scale);
    if (x < 0 && n != 0) {
      b.append('-');
    }
    b.append(n / scale).append('.');
    String frac = Long.toString(n % scale);
    for (int k = frac.length(); k < decimals; k++) {
      b.append('0');
    }
    b.append(frac);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
