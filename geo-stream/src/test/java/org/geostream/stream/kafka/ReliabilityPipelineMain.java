package org.geostream.stream.kafka;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.geostream.stream.Pipeline;
import org.geostream.stream.PipelineRun;
import org.geostream.stream.SinkSpec;

/**
 * The driver of {@link KafkaReliabilityTest}, run in a JVM of its own so the test can kill it:
 * builds the corpus pipeline with the Java builder (Kafka source, fs store sink, JSON quarantine
 * files) and runs it from its checkpoint. A line {@code stop} on standard input stops the query
 * and exits 0; a failed query exits 2 with its error on standard error.
 *
 * <p>Arguments: bootstrap servers, topic, store path, quarantine path, checkpoint,
 * maxOffsetsPerTrigger.
 */
public final class ReliabilityPipelineMain {
  /** Exit status when the query failed. */
  static final int QUERY_FAILED = 2;

  private ReliabilityPipelineMain() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("geostream-reliability")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    EmbeddedKafka.quiet();
    Pipeline p = EventCorpus.pipeline("reliability", args[0], args[1], Integer.parseInt(args[5]),
        new SinkSpec.Store(Map.of("fs.path", args[2]), EventCorpus.TYPE), new SinkSpec.Files(args[3], "json"),
        args[4]);
    PipelineRun run = PipelineRun.start(spark, p, m -> {
      if (m.in() > 0) {
        System.out.println(m.line());
      }
    });
    Thread commands = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.trim().equals("stop")) {
            run.stop();
            System.out.println("stopped");
            System.out.flush();
            System.exit(0);
          }
        }
      } catch (Exception e) {
        e.printStackTrace();
        System.exit(QUERY_FAILED);
      }
    }, "commands");
    commands.setDaemon(true);
    commands.start();
    try {
      run.query().awaitTermination();
    } catch (StreamingQueryException e) {
      System.err.println("QUERY FAILED: " + e.getMessage());
      e.printStackTrace();
      System.err.flush();
      Runtime.getRuntime().halt(QUERY_FAILED);
    }
    // Stopped through the command thread, which exits.
    commands.join();
  }
}
