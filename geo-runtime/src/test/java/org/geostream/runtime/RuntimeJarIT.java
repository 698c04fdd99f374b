package org.geostream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The runtime jar on its own: the README's main job runs in a fresh JVM whose classpath holds only
 * the shaded jar and Spark, and the jar carries what the contract says.
 */
class RuntimeJarIT {
  private static final Path JAR = Path.of(System.getProperty("geostream.runtime.jar"));

  @Test
  void jarCarriesTheModulesAndTheirDependenciesButNotSpark() throws IOException {
    assertThat(JAR.getFileName().toString()).matches("geostream-spark-runtime-.*\\.jar");
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getEntry("org/geostream/sql/GeoStreamExtensions.class")).isNotNull();
      assertThat(jar.getEntry("org/apache/spark/sql/geostream/GeometryUDT.class")).isNotNull();
      assertThat(jar.getEntry("org/locationtech/jts/geom/Geometry.class")).isNotNull();
      assertThat(jar.getEntry("com/uber/h3core/H3Core.class")).isNotNull();
      assertThat(jar.getEntry("org/geostream/shaded/proj4j/CRSFactory.class")).isNotNull();
      assertThat(jar.getEntry("org/geostream/store/fs/FsDataStore.class")).isNotNull();
      assertThat(jar.getEntry("org/geostream/stream/demo/StreamDemo.class")).isNotNull();
      assertThat(jar.getEntry("org/geostream/core/GeoStreamKryoRegistrator.class")).isNotNull();
      assertThat(jar.getEntry("org/geotools/api/data/DataStoreFinder.class")).isNotNull();
      assertThat(jar.getEntry("org/locationtech/sfcurve/zorder/Z2.class")).isNotNull();
      // GeoTools' Guava and SLF4J must not shadow Spark's.
      assertThat(jar.getEntry("com/google/common/collect/ImmutableList.class")).isNull();
      assertThat(jar.getEntry("org/slf4j/LoggerFactory.class")).isNull();
      assertThat(jar.getEntry("META-INF/services/org.geotools.api.data.DataStoreFactorySpi")).isNotNull();
      assertThat(jar.getEntry("org/apache/spark/sql/SparkSession.class")).isNull();
      assertThat(jar.getEntry("scala/Option.class")).isNull();
    }
  }

  @Test
  void theDemoJobRunsUnderSparkSubmitOfPysparkFromPyPI() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    Process env = new ProcessBuilder(root.resolve("tools/python-env.sh").toString()).redirectErrorStream(true).start();
    String envOut = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(env.waitFor()).as(envOut).isZero();
    Path sparkSubmit = root.resolve(".venv/bin/spark-submit");
    assertThat(sparkSubmit).exists();
    ProcessBuilder pb = new ProcessBuilder(sparkSubmit.toString(), "--master", "local[2]", "--driver-memory", "2g",
        "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.driver.host=127.0.0.1",
        "--class", "org.geostream.sql.demo.SqlDemo", JAR.toString(), "5000");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // As in an activated virtualenv: spark-submit finds its Spark home through the venv's python.
    pb.environment().put("PATH", sparkSubmit.getParent() + File.pathSeparator + System.getenv("PATH"));
    Path log = Files.createTempFile("geostream-submit", ".log");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("spark-submit finished in time").isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    // Spark's own jars (Guava 14, SLF4J 2) come first here; GeoTools, Parquet and the store still work.
    assertThat(out).contains("|France|5836.7   |5852.4     |")
        .contains("features: 6, read in 2 partitions; the store opened 10 of");
  }

  @Test
  void theStreamingMainJobRunsWithOnlyTheRuntimeJarAndSpark() throws Exception {
    String sparkClasspath = Files.readString(Path.of(System.getProperty("geostream.spark.classpath"))).trim();
    Path out = Files.createTempDirectory("geostream-stream-demo");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(System.getProperty("geostream.java.opens").trim().split("\\s+")));
    cmd.add("-Xmx3g");
    cmd.add("-Dspark.driver.bindAddress=127.0.0.1");
    cmd.add("-Dspark.driver.host=127.0.0.1");
    cmd.add("-cp");
    cmd.add(JAR + File.pathSeparator + sparkClasspath);
    cmd.add("org.geostream.stream.demo.StreamDemo");
    cmd.add(out.resolve("demo").toString());
    cmd.add("300"); // vehicles
    cmd.add("1"); // simulated hours
    Path log = Files.createTempFile("geostream-stream-demo", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(8, TimeUnit.MINUTES)).as("demo finished in time").isTrue();
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    // 300 vehicles reporting every 30 s for an hour.
    assertThat(text).contains("Streamed 36,000 reports in ").contains("Busiest H3 cells of the latest closed window");
    assertThat(out.resolve("demo/heatmap.png")).isNotEmptyFile();
    assertThat(Files.readString(out.resolve("demo/map.html"))).contains("<svg").contains("<title>");
    // Read the PNG header by hand: javax.imageio in this JVM would meet geotools-wrapper's image plugins.
    byte[] png = Files.readAllBytes(out.resolve("demo/heatmap.png"));
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(java.nio.ByteBuffer.wrap(png, 16, 4).getInt()).as("image width").isEqualTo(960);
  }

  @Test
  void theDemoJobRunsWithOnlyTheRuntimeJarAndSpark() throws Exception {
    String sparkClasspath = Files.readString(Path.of(System.getProperty("geostream.spark.classpath"))).trim();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(System.getProperty("geostream.java.opens").trim().split("\\s+")));
    cmd.add("-Xmx2g");
    cmd.add("-Dspark.driver.bindAddress=127.0.0.1");
    cmd.add("-Dspark.driver.host=127.0.0.1");
    cmd.add("-cp");
    cmd.add(JAR + File.pathSeparator + sparkClasspath);
    cmd.add("org.geostream.sql.demo.SqlDemo");
    cmd.add("5000");
    Path log = Files.createTempFile("geostream-demo", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("demo finished in time").isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("|177      |5      |10587   |")
        .contains("|France|5836.7   |5852.4     |")
        .contains("POLYGON((11 50,10 49,9 50,10 51,11 50))")
        .contains("38°30'0.000\"N 76°30'0.000\"W")
        .contains("|Russia")
        // The fs store under Spark with only the runtime jar: GeoTools, Parquet and the commit log.
        .contains("features: 6, read in 2 partitions; the store opened 10 of");
  }
}
