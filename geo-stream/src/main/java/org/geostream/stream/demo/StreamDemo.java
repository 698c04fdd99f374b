package org.geostream.stream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geostream.stream.BatchMetrics;
import org.geostream.stream.KeySpec;
import org.geostream.stream.Pipeline;
import org.geostream.stream.PipelineRun;
import org.geostream.stream.SinkSpec;
import org.geostream.stream.SourceSpec;
import org.geostream.stream.WindowSpec;
import org.geostream.stream.agg.AggregateSpec;
import org.geostream.stream.agg.AggregateSpec.Fn;
import org.geostream.types.io.GeoJson;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The README's main job: the vehicle generator streams three simulated hours of reports; the
 * pipeline keys them by H3 cell, aggregates 30-minute windows sliding every 5 minutes and writes
 * each window into the embedded fs store once the watermark closes it, exactly once; then Spark SQL with {@code st_*} functions queries the store,
 * prints the busiest cells, and draws a heatmap (PNG) and an HTML map of the latest window.
 *
 * <p>Arguments: {@code [output directory] [vehicles] [hours]} (default {@code geostream-demo},
 * 2000 vehicles, 3 hours). The directory is emptied first.
 */
public final class StreamDemo {
  private StreamDemo() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "geostream-demo").toAbsolutePath();
    int vehicles = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int hours = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    deleteTree(out);
    Files.createDirectories(out);
    Map<String, String> store = Map.of("fs.path", out.resolve("store").toString());

    SparkSession spark = SparkSession.builder().master("local[*]").appName("GeoStream demo")
        .config("spark.sql.extensions", "org.geostream.sql.GeoStreamExtensions")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");

    Pipeline p = Pipeline.builder("vehicle-heat")
        .source(new SourceSpec.Generator(vehicles, Duration.ofSeconds(30), Instant.parse("2026-11-21T06:00:00Z"),
            Duration.ofMinutes(5), Duration.ofHours(hours), 2026, 0.002, Duration.ofMinutes(40)))
        .key(KeySpec.h3(8))
        .window(WindowSpec.sliding(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(2))
            .emit(WindowSpec.Emit.FINAL))
        .count()
        .aggregate(Fn.AVG, "speed")
        .aggregate(new AggregateSpec(Fn.QUANTILE, "speed", 0.9, null))
        .aggregate(Fn.DISTINCT, "vehicle")
        .sink(new SinkSpec.Store(store, "vehicle_cells"))
        .checkpoint(out.resolve("checkpoint").toString())
        .build();
    System.out.println(p.explain());
    long t0 = System.nanoTime();
    PipelineRun run = PipelineRun.start(spark, p, m -> System.out.println("  " + m.line()));
    run.runToEnd(Duration.ofMinutes(30));
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<BatchMetrics> history = PipelineRun.history(spark, p.checkpoint());
    long in = history.stream().mapToLong(BatchMetrics::in).sum();
    long late = history.stream().mapToLong(BatchMetrics::late).sum();
    long results = history.stream().mapToLong(BatchMetrics::results).sum();
    System.out.printf(Locale.ROOT, "%nStreamed %,d reports in %d batches in %.1f s (%,.0f reports/s): %,d late "
        + "(counted, not lost), %,d window results upserted.%n", in, history.size(), seconds, in / seconds, late, results);

    Dataset<Row> cells = spark.read().format("geostream").options(store).option("feature", "vehicle_cells").load();
    cells.createOrReplaceTempView("vehicle_cells");
    spark.sql("SELECT count(*) AS features, count(DISTINCT __fid__) AS distinct_ids, count(DISTINCT cell) AS cells, "
        + "min(window_start) AS first_window, max(window_start) AS last_window FROM vehicle_cells").show(false);
    Timestamp latest = spark.sql("SELECT max(window_start) FROM vehicle_cells WHERE final").first().getTimestamp(0);
    System.out.println("Busiest H3 cells of the latest closed window (" + latest.toInstant() + " + 30 min):");
    Dataset<Row> busiest = spark.sql("SELECT cell, count, round(avg_speed, 1) AS avg_kmh, round(p90_speed, 1) AS p90_kmh, "
        + "distinct_vehicle AS vehicles, st_asLatLonText(st_centroid(geom)) AS centre FROM vehicle_cells "
        + "WHERE window_start = timestamp'" + latest + "' ORDER BY count DESC, cell LIMIT 10");
    busiest.show(false);
    System.out.println("Vehicles seen in central Paris per window (st_intersects pushed into the store):");
    Dataset<Row> paris = spark.sql("SELECT window_start, sum(count) AS reports, count(*) AS cells FROM vehicle_cells "
        + "WHERE st_intersects(geom, st_makeEnvelope(2.25, 48.80, 2.45, 48.92)) GROUP BY window_start "
        + "ORDER BY window_start DESC LIMIT 6");
    paris.show(false);

    // Pictures of the latest closed window: the four busiest places.
    List<Row> window = spark.sql("SELECT cell, count, avg_speed, geom FROM vehicle_cells WHERE window_start = timestamp'"
        + latest + "'").collectAsList();
    Map<String, List<Heatmap.Cell>> byPlace = new LinkedHashMap<>();
    Map<String, Envelope> areas = new LinkedHashMap<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    for (Row r : window) {
      Geometry g = (Geometry) r.get(3);
      String place = nearestPlace(g.getCentroid().getX(), g.getCentroid().getY());
      byPlace.computeIfAbsent(place, k -> new ArrayList<>()).add(new Heatmap.Cell(g, r.getLong(1),
          String.format(Locale.ROOT, "%s: %d reports, %.1f km/h", r.getString(0), r.getLong(1), r.getDouble(2))));
      areas.computeIfAbsent(place, k -> new Envelope()).expandToInclude(g.getEnvelopeInternal());
      totals.merge(place, r.getLong(1), Long::sum);
    }
    List<Heatmap.Panel> panels = totals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(4).map(e -> new Heatmap.Panel(e.getKey() + " (" + e.getValue() + " reports)", areas.get(e.getKey()),
            byPlace.get(e.getKey()))).toList();
    List<Geometry> countries = countries();
    String title = "Vehicle reports per H3 cell, " + latest.toInstant() + " + 30 min";
    Path png = out.resolve("heatmap.png");
    Path html = out.resolve("map.html");
    Heatmap.png(png, title, panels, countries, 480);
    Heatmap.html(html, title, "Generated vehicles, aggregated by GeoStream into H3 resolution 8 cells over 30-minute "
        + "windows sliding every 5 minutes; hover a cell for its figures.", panels, countries, table(busiest));
    System.out.println("Heatmap: " + png);
    System.out.println("Map:     " + html);
    System.out.println("Store:   " + out.resolve("store") + "  (spark.read.format(\"geostream\").option(\"fs.path\", ...)"
        + ".option(\"feature\", \"vehicle_cells\"))");
    spark.stop();
  }

  static String nearestPlace(double x, double y) {
    String best = "?";
    double d = Double.MAX_VALUE;
    for (Object[] pl : org.geostream.stream.source.VehicleGenerator.places()) {
      double dx = (Double) pl[1] - x;
      double dy = (Double) pl[2] - y;
      if (dx * dx + dy * dy < d) {
        d = dx * dx + dy * dy;
        best = (String) pl[0];
      }
    }
    return best;
  }

  static String table(Dataset<Row> df) {
    StringBuilder b = new StringBuilder("<table><tr>");
    for (String c : df.columns()) {
      b.append("<th>").append(Heatmap.esc(c)).append("</th>");
    }
    b.append("</tr>");
    for (Row r : df.collectAsList()) {
      b.append("<tr>");
      for (int i = 0; i < r.length(); i++) {
        b.append("<td>").append(Heatmap.esc(String.valueOf(r.get(i)))).append("</td>");
      }
      b.append("</tr>");
    }
    return b.append("</table>").toString();
  }

  static List<Geometry> countries() throws IOException {
    List<Geometry> out = new ArrayList<>();
    try (InputStream in = StreamDemo.class.getResourceAsStream("/demo/countries-110m.geojson")) {
      if (in == null) {
        return out;
      }
      JsonNode root = new ObjectMapper().readTree(in);
      for (JsonNode f : root.path("features")) {
        out.add(GeoJson.read(f.get("geometry").toString()));
      }
    }
    return out;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
