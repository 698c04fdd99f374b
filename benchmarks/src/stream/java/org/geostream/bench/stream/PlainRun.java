package org.geostream.bench.stream;

import com.uber.h3core.H3Core;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.geostream.bench.BenchArgs;
import org.geostream.types.fn.CellKeys;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * The single-threaded limit: the same job as plain Java, no Spark. One thread reads the same CSV files
 * line by line ({@code BufferedReader}), splits each line at its commas, parses time, lon, lat and speed,
 * builds a JTS point, computes its H3 cell with Uber's H3 library (or its geohash with geo-types' Spark-free
 * {@link CellKeys#geohash}, the kernel GeoStream's pipelines key by), and adds the speed to a
 * hash map of per-cell, per-pane aggregates (count, sum); at the end each window is the sum of its panes
 * (for tumbling windows a pane is the window). That is the work per event with nothing around it, so
 * events per second here bound what one core can do. Also generates the input files when they are missing
 * (this JVM runs first). Runs each mode {@code runs} times and reports the fastest.
 */
public final class PlainRun {
  private PlainRun() {}

  /** A cell (H3 id, or geohash) and a pane or window start. */
  private record Key(long cell, String hash, long start) {}

  /** Count and sum of speeds. */
  private static final class Agg {
    long n;
    double sum;
  }

  public static void main(String[] args) throws Exception {
    StreamOptions o = StreamOptions.parse(args);
    List<Double> loads = new ArrayList<>();
    loads.add(BenchArgs.loadAverage());
    List<Path> files = StreamData.ensure(o);
    H3Core h3 = H3Core.newInstance();
    boolean isH3 = StreamOptions.keyKind(o.key()).equals("h3");
    int level = o.keyLevel();
    GeometryFactory gf = new GeometryFactory();
    List<StreamResults.ModeRun> modes = new ArrayList<>();
    for (String mode : o.modes()) {
      long slide = o.slide(mode);
      long best = Long.MAX_VALUE;
      long bestCpu = 0;
      Map<Key, Agg> windows = null;
      long events = 0;
      for (int run = 0; run < o.runs(); run++) {
        long t0 = System.nanoTime();
        long cpu0 = StreamResults.cpuMs();
        Map<Key, Agg> panes = new HashMap<>();
        events = 0;
        for (Path f : files) {
          try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            r.readLine(); // header
            for (String line = r.readLine(); line != null; line = r.readLine()) {
              int c1 = line.indexOf(',');
              int c2 = line.indexOf(',', c1 + 1);
              int c3 = line.indexOf(',', c2 + 1);
              int c4 = line.indexOf(',', c3 + 1);
              int c5 = line.indexOf(',', c4 + 1);
              long time = Long.parseLong(line, c2 + 1, c3, 10);
              double lon = Double.parseDouble(line.substring(c3 + 1, c4));
              double lat = Double.parseDouble(line.substring(c4 + 1, c5));
              double speed = Double.parseDouble(line.substring(c5 + 1));
              if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) || !Double.isFinite(speed)) {
                throw new IllegalStateException("Cannot aggregate " + f + ": bad record '" + line + "'");
              }
              Point p = gf.createPoint(new Coordinate(lon, lat));
              long pane = Math.floorDiv(time, slide) * slide;
              Key k = isH3 ? new Key(h3.latLngToCell(p.getY(), p.getX(), level), null, pane)
                  : new Key(0, CellKeys.geohash(p.getX(), p.getY(), level), pane);
              Agg a = panes.get(k);
              if (a == null) {
                a = new Agg();
                panes.put(k, a);
              }
              a.n++;
              a.sum += speed;
              events++;
            }
          }
        }
        Map<Key, Agg> w = new HashMap<>();
        for (Map.Entry<Key, Agg> e : panes.entrySet()) {
          Key k = e.getKey();
          for (long s = k.start() - o.windowMs() + slide; s <= k.start(); s += slide) {
            Agg a = w.computeIfAbsent(new Key(k.cell(), k.hash(), s), x -> new Agg());
            a.n += e.getValue().n;
            a.sum += e.getValue().sum;
          }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long cpu = StreamResults.cpuMs() - cpu0;
        System.err.printf("plain %s run %d: %,d events in %,d ms (%,.0f events/s; %,d ms CPU), %,d panes, %,d "
            + "windows%n", mode, run, events, ms, events * 1000.0 / ms, cpu, panes.size(), w.size());
        if (ms < best) {
          best = ms;
          bestCpu = cpu;
        }
        windows = w;
      }
      List<StreamResults.Answer> answers = new ArrayList<>(windows.size());
      for (Map.Entry<Key, Agg> e : windows.entrySet()) {
        Key k = e.getKey();
        answers.add(new StreamResults.Answer(k.start(), isH3 ? Long.toHexString(k.cell()) : k.hash(), e.getValue().n,
            e.getValue().sum / e.getValue().n));
      }
      Path file = o.work().resolve("answers/plain-" + mode + ".csv");
      StreamResults.writeAnswers(file, answers);
      modes.add(new StreamResults.ModeRun(mode, events, best, events * 1000.0 / best, 0, List.of(), Long.MAX_VALUE,
          answers.size(), file.toString(), "fastest of " + o.runs() + " passes; every window, open or closed", bestCpu));
      loads.add(BenchArgs.loadAverage());
    }
    StreamResults.write(o.out(), new StreamResults.Run("plain", StreamResults.jarOf(GeometryFactory.class) + ", "
        + StreamResults.jarOf(H3Core.class) + ", " + StreamResults.jarOf(CellKeys.class),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), 1, loads, o, modes));
  }
}
