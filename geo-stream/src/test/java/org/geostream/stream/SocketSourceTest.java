package org.geostream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON lines from a TCP socket on loopback through a pipeline (the socket source is at most once). */
class SocketSourceTest {
  static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("SocketSourceTest").config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void linesFromASocketAreAggregatedAndBadOnesQuarantined() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Map<String, String> store = Map.of("fs.path", dir.resolve("store").toString());
      Pipeline p = Pipeline.builder("socket")
          .source(new SourceSpec.Socket("127.0.0.1", server.getLocalPort()))
          .parser(ParserSpec.json("lon", "lat", "time"))
          .key(KeySpec.geohash(4))
          .window(WindowSpec.tumbling(Duration.ofMinutes(10), Duration.ofHours(1)))
          .count()
          .sink(new SinkSpec.Store(store, "cells"))
          .quarantine(new SinkSpec.Files(dir.resolve("quarantine").toString(), "json"))
          .checkpoint(dir.resolve("checkpoint").toString())
          .trigger(Duration.ofMillis(200))
          .build();
      PipelineRun run = p.start(spark);
      int good = 0;
      try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
        Instant t0 = Instant.parse("2026-11-21T06:00:00Z");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 500; i++) {
          if (i % 50 == 7) {
            lines.append("{\"lon\": 2.3, \"lat\": \"north\", \"time\": \"").append(t0).append("\"}\n");
          } else {
            good++;
            lines.append("{\"lon\": ").append(2.2 + (i % 10) * 0.01).append(", \"lat\": 48.8, \"time\": \"")
                .append(t0.plusSeconds(i * 7L)).append("\"}\n");
          }
        }
        out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (PipelineRun.history(spark, p.checkpoint()).stream().mapToLong(BatchMetrics::in).sum() < 500) {
          assertThat(run.query().isActive()).as("query alive: %s", run.query().exception()).isTrue();
          assertThat(System.nanoTime()).as("all lines read in time").isLessThan(deadline);
          Thread.sleep(100);
        }
      }
      run.stop();
      assertThat(PipelineRun.history(spark, p.checkpoint()).stream().mapToLong(BatchMetrics::quarantined).sum())
          .isEqualTo(10);
      Row total = spark.read().format("geostream").options(store).option("feature", "cells").load()
          .selectExpr("sum(count)").first();
      assertThat(total.getLong(0)).isEqualTo(good);
      assertThat(spark.read().json(dir.resolve("quarantine").toString()).selectExpr("reason", "position")
          .collectAsList()).hasSize(10).allSatisfy(r -> {
            assertThat(r.getString(0)).isEqualTo("BAD_NUMBER");
            assertThat(r.getString(1)).isEqualTo("socket 127.0.0.1:" + server.getLocalPort());
          });
    }
  }
}
