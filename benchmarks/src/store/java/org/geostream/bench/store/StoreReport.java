package org.geostream.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code store-geostream.json} and {@code store-sedona.json} and renders the store benchmark
 * as Markdown: printed, and written to {@code <results>/store-latest.md}.
 *
 * <p>Arguments: {@code RESULTS_DIR}.
 */
public final class StoreReport {
  private StoreReport() {}

  /** The goals. */
  static final double MAX_ROWS_SHARE = 0.05;
  static final double MIN_SPEEDUP = 10.0;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("Cannot report: expected one argument, the results directory");
    }
    Path dir = Path.of(args[0]);
    Path g = dir.resolve("store-geostream.json");
    if (!Files.exists(g)) {
      throw new IllegalStateException("Cannot report: no GeoStream result " + g.toAbsolutePath()
          + " (its JVM failed; see store-geostream.log)");
    }
    StoreResults.GeoStreamRun geo = StoreResults.read(g, StoreResults.GeoStreamRun.class);
    Path s = dir.resolve("store-sedona.json");
    StoreResults.SedonaRun sedona = Files.exists(s) ? StoreResults.read(s, StoreResults.SedonaRun.class) : null;
    String md = render(geo, sedona);
    Files.writeString(dir.resolve("store-latest.md"), md);
    System.out.print(md);
  }

  static String render(StoreResults.GeoStreamRun geo, StoreResults.SedonaRun sedona) {
    StoreResults.Settings o = geo.settings();
    StringBuilder md = new StringBuilder();
    List<String> failed = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    md.append("# fs store: ingest rate and query pruning, GeoStream and Apache Sedona on the same GeoParquet files\n\n");
    md.append("Run ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" with `benchmarks/store.sh`: Spark ").append(geo.sparkVersion()).append(' ').append(o.master())
        .append(", ").append(o.partitions()).append(" partitions, Java ").append(geo.java()).append(", ")
        .append(geo.cores()).append(" cores, one JVM per engine.\n\n");
    md.append(String.format(Locale.ROOT, "- Data: %,d vehicle points `%s`, uniform over %s and %s (seed %d), "
            + "generated on the Spark executors.%n", o.points(), StoreQuery.SPEC, o.region(), o.timeSpan(), o.seed()));
    md.append(String.format(Locale.ROOT, "- Query: `%s`: %,d features = %.3f%% (expected share %.3f%%; the count "
            + "is checked against the generator).%n", o.queryEcql(), geo.expectedCount(),
        100.0 * geo.expectedCount() / geo.expectedTotal(), 100 * o.expectedFraction()));
    md.append(String.format(Locale.ROOT, "- Store: `fs.row-group-rows=%d`, other parameters default; one fresh store "
            + "per partition scheme under `%s`.%n", o.rowGroupRows(), o.dataDir()));
    md.append(String.format(Locale.ROOT, "- Timing: median of up to %d timed runs after %d warm-up run(s), a fresh "
            + "reader (GeoTools) or RDD/DataFrame (Spark) per run, planning included; no timed run starts after "
            + "%d s of them.%n", o.runs(), o.warmups(), o.budgetMs() / 1000));
    md.append("- GeoStream: ").append(geo.jar()).append('\n');
    md.append("- Sedona: ").append(sedona == null ? "no result (its JVM failed or was not run)"
        : sedona.version() + " (" + sedona.jar() + ")").append('\n');
    md.append("- GeoMesa spark-jts: not measured. It has no GeoParquet (or any file) store: it is the geometry types "
        + "and functions of GeoMesa without its data stores, so it cannot read these files.\n\n");

    // Summary.
    md.append("## Summary\n\n");
    md.append("| scheme | rows scanned / stored (goal at most 5%) | bytes read / full scan's (measured) | "
        + "full / query time, GeoTools reader (goal at least 10x) | full / query time, Spark (goal at least 10x) | "
        + "Sedona / GeoStream query time (Spark) | ingest, Spark, features/s | ingest, GeoTools writer, features/s |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (StoreResults.SchemeRun r : geo.schemes()) {
      StoreResults.Measurement gq = find(r.runs(), "geotools-query");
      StoreResults.Measurement gf = find(r.runs(), "geotools-full");
      StoreResults.Measurement sq = find(r.runs(), "spark-query");
      StoreResults.Measurement sf = find(r.runs(), "spark-full");
      StoreResults.SedonaScheme ss = sedona(sedona, r.scheme());
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %,.0f | %,.0f |%n", r.scheme(),
          pct(share(r.query().rowsScanned(), r.query().totalRows())),
          gq == null || gf == null ? "" : pct(share(gq.medianBytesRead(), gf.medianBytesRead())),
          gq == null || gf == null ? "" : ratio(gf.medianMs(), gq.medianMs()),
          sq == null || sf == null ? "" : ratio(sf.medianMs(), sq.medianMs()),
          ss == null || sq == null ? "" : ratio(ss.query().medianMs(), sq.medianMs()),
          r.sparkIngest().featuresPerSecond(), r.writerIngest().featuresPerSecond()));
    }
    md.append('\n');

    // Ingest.
    md.append("## Ingest\n\n");
    md.append("| scheme | writer | features | wall ms | features/s | of which generating alone, ms | files | MB |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (StoreResults.SchemeRun r : geo.schemes()) {
      ingestRow(md, r.scheme(), "Spark `provider.save` (" + o.master() + ", " + o.partitions() + " tasks)", r.sparkIngest());
      ingestRow(md, r.scheme(), "GeoTools `FeatureWriter` append, 1 thread", r.writerIngest());
    }
    md.append('\n');

    // Pruning.
    md.append("## What the query reads (`FsDataStore.explain`)\n\n");
    md.append("| scheme | read | files | rows in files | row groups | rows in row groups | rows scanned | "
        + "rows scanned / stored | MB in row groups | MB / stored | MB read, measured |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (StoreResults.SchemeRun r : geo.schemes()) {
      StoreResults.Measurement gq = find(r.runs(), "geotools-query");
      StoreResults.Measurement gf = find(r.runs(), "geotools-full");
      statsRow(md, r.scheme(), "bbox + hour", r.query(), gq);
      statsRow(md, r.scheme(), "full scan", r.full(), gf);
      double rowsShare = share(r.query().rowsScanned(), r.query().totalRows());
      if (rowsShare > MAX_ROWS_SHARE) {
        failed.add(String.format(Locale.ROOT, "%s: the query scans %.2f%% of the stored rows (goal: at most %.0f%%).",
            r.scheme(), 100 * rowsShare, 100 * MAX_ROWS_SHARE));
      }
    }
    md.append("\n`rows scanned` are the rows of the pages the column indexes keep (what the reader decodes); "
        + "`MB in row groups` the compressed size of the row groups kept; `MB read, measured` the bytes the "
        + "single-threaded GeoTools reader read from the file system (Hadoop's statistics, median run), footers "
        + "included.\n\n");

    // Times.
    md.append("## Query vs full scan\n\n");
    md.append("| scheme | reader | query ms | full scan ms | full / query | query CPU ms | full scan CPU ms | "
        + "full / query, CPU | query count | full count |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (StoreResults.SchemeRun r : geo.schemes()) {
      timeRow(md, r.scheme(), "GeoStream, GeoTools `FeatureReader`, 1 thread", find(r.runs(), "geotools-query"),
          find(r.runs(), "geotools-full"), true, failed);
      timeRow(md, r.scheme(), "GeoStream, Spark `provider.rdd(...).count()`", find(r.runs(), "spark-query"),
          find(r.runs(), "spark-full"), true, failed);
      StoreResults.SedonaScheme ss = sedona(sedona, r.scheme());
      if (ss != null) {
        timeRow(md, r.scheme(), "Sedona, `format(\"geoparquet\")` SQL count", ss.query(), ss.full(), false, failed);
      }
    }
    md.append("\nCPU: the reading thread's CPU time (single-threaded reader only), which other processes on the "
        + "machine disturb much less than wall time. GeoStream's full scan is `Filter.INCLUDE`. Sedona's is the same SQL predicate over the whole world "
        + "and any time of this century (every row matches, so every geometry is decoded and tested).\n\n");

    // Sedona.
    md.append("## GeoStream vs Sedona on the same files\n\n");
    if (sedona == null) {
      md.append("No Sedona result.\n\n");
      notes.add("Sedona: no result file; its JVM failed or was not run (see results/store-sedona.log).");
    } else {
      md.append("| scheme | files Sedona read / files in the log | Sedona count(*) | GeoStream query ms (Spark) | "
          + "Sedona query ms | Sedona / GeoStream time | counts equal | MB read GeoStream (Spark) | MB read Sedona |\n");
      md.append("|---|---:|---:|---:|---:|---:|---|---:|---:|\n");
      for (StoreResults.SchemeRun r : geo.schemes()) {
        StoreResults.SedonaScheme ss = sedona(sedona, r.scheme());
        if (ss == null) {
          md.append("| ").append(r.scheme()).append(" | no Sedona result | | | | | | | |\n");
          continue;
        }
        StoreResults.Measurement sq = find(r.runs(), "spark-query");
        boolean equal = ss.query().count() == sq.count() && ss.full().count() == r.full().totalRows()
            && ss.plainCount() == r.full().totalRows();
        if (!equal) {
          failed.add(String.format(Locale.ROOT, "%s: Sedona's counts (query %,d, all %,d) differ from GeoStream's "
              + "(%,d, %,d).", r.scheme(), ss.query().count(), ss.plainCount(), sq.count(), r.full().totalRows()));
        }
        if (ss.inputFiles() != r.full().totalFiles()) {
          notes.add(String.format(Locale.ROOT, "%s: Sedona listed %d files, the commit log has %d.", r.scheme(),
              ss.inputFiles(), r.full().totalFiles()));
        }
        md.append(String.format(Locale.ROOT, "| %s | %,d / %,d | %,d | %,d | %,d | %s | %s | %s | %s |%n", r.scheme(),
            ss.inputFiles(), r.full().totalFiles(), ss.plainCount(), sq.medianMs(), ss.query().medianMs(),
            ratio(ss.query().medianMs(), sq.medianMs()), equal ? "yes" : "NO", mb(sq.medianBytesRead()),
            mb(ss.query().medianBytesRead())));
      }
      md.append("\nSedona's query: `").append(o.sedonaQuery()).append("` (session time zone UTC), over "
          + "`spark.read.format(\"geoparquet\").option(\"recursiveFileLookup\", \"true\").load(<type directory>)`, "
          + "which also proves that Sedona reads the store's files as they are. Above 1, GeoStream is faster. "
          + "GeoStream's Spark count builds every feature with all its attributes; Sedona's `count(*)` decodes "
          + "only the columns its filter needs.\n\n");
    }

    md.append("## Goals\n\n");
    md.append("Bounding box + one hour (about 1% of the features) reads at most 5% of the stored rows and runs at "
        + "least 10x faster than the full scan, through GeoStream's readers: ");
    md.append(failed.isEmpty() ? "**met**.\n\n" : "**not met**:\n\n");
    for (String f : failed) {
      md.append("- ").append(f).append('\n');
    }
    if (!failed.isEmpty()) {
      md.append('\n');
    }
    loadNote(notes, "GeoStream", geo.loadAverages(), geo.cores());
    if (sedona != null) {
      loadNote(notes, "Sedona", sedona.loadAverages(), sedona.cores());
    }
    if (!notes.isEmpty()) {
      md.append("## Notes\n\n");
      for (String n : notes) {
        md.append("- ").append(n).append('\n');
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static void ingestRow(StringBuilder md, String scheme, String writer, StoreResults.Ingest i) {
    md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,.0f | %,d | %,d | %s |%n", scheme, writer,
        i.features(), i.ms(), i.featuresPerSecond(), i.generationMs(), i.files(), mb(i.bytes())));
  }

  private static void statsRow(StringBuilder md, String scheme, String read, StoreResults.Stats s,
      StoreResults.Measurement m) {
    md.append(String.format(Locale.ROOT, "| %s | %s | %,d / %,d | %,d | %,d / %,d | %,d | %,d | %s | %s | %s | %s |%n",
        scheme, read, s.files(), s.totalFiles(), s.rowsInFiles(), s.rowGroups(), s.rowGroupsInFiles(),
        s.rowsInRowGroups(), s.rowsScanned(), pct(share(s.rowsScanned(), s.totalRows())), mb(s.bytesInRowGroups()),
        pct(share(s.bytesInRowGroups(), s.totalBytes())), m == null ? "" : mb(m.medianBytesRead())));
  }

  private static void timeRow(StringBuilder md, String scheme, String reader, StoreResults.Measurement q,
      StoreResults.Measurement f, boolean goal, List<String> failed) {
    if (q == null || f == null) {
      md.append("| ").append(scheme).append(" | ").append(reader).append(" | missing | | | | | | | |\n");
      return;
    }
    double speedup = q.medianMs() <= 0 ? Double.POSITIVE_INFINITY : (double) f.medianMs() / q.medianMs();
    if (goal && speedup < MIN_SPEEDUP) {
      failed.add(String.format(Locale.ROOT, "%s, %s: the query is %.1fx faster than the full scan (goal: at least %.0fx).",
          scheme, reader, speedup, MIN_SPEEDUP));
    }
    boolean cpu = q.medianCpuMs() >= 0 && f.medianCpuMs() >= 0;
    md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %s | %s | %s | %s | %,d | %,d |%n", scheme, reader,
        q.medianMs(), f.medianMs(), ratio(f.medianMs(), q.medianMs()), cpu ? String.format(Locale.ROOT, "%,d",
            q.medianCpuMs()) : "", cpu ? String.format(Locale.ROOT, "%,d", f.medianCpuMs()) : "",
        cpu ? ratio(f.medianCpuMs(), q.medianCpuMs()) : "", q.count(), f.count()));
  }

  private static StoreResults.Measurement find(List<StoreResults.Measurement> runs, String name) {
    return runs.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }

  private static StoreResults.SedonaScheme sedona(StoreResults.SedonaRun sedona, String scheme) {
    return sedona == null ? null
        : sedona.schemes().stream().filter(s -> s.scheme().equals(scheme)).findFirst().orElse(null);
  }

  private static void loadNote(List<String> notes, String who, List<Double> load, int cores) {
    double max = load == null ? -1 : load.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
    if (max > cores + 1) {
      notes.add(String.format(Locale.ROOT, "%s ran while the machine's 1-minute load average reached %.2f on %d cores "
          + "(%s): other processes competed for the CPU, its times are slower and noisier.", who, max, cores, load));
    }
  }

  private static double share(long part, long whole) {
    return whole <= 0 ? 0 : (double) part / whole;
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * share);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%,.1f", bytes / 1_000_000.0);
  }

  private static String ratio(long num, long den) {
    return den <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1fx", (double) num / den);
  }
}
