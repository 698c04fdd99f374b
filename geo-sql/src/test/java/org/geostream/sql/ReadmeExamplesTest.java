package org.geostream.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the README's quick-start examples: every SQL statement, and the Java snippet compiled and executed. */
class ReadmeExamplesTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder()
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", GeoStream.EXTENSIONS)
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static String readme() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("README.md")) || !Files.isDirectory(dir.resolve("geo-sql"))) {
      dir = dir.getParent();
    }
    return Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
  }

  static List<String> blocks(String markdown, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void sqlStatementsRunAndGiveTheCommentedResults() throws IOException {
    spark.sql("SELECT * FROM VALUES ('a', st_makeEnvelope(0, 0, 2, 2)), ('a', st_makeEnvelope(1, 1, 3, 3)), "
        + "('b', st_makeEnvelope(0, 0, 1, 1)) AS t(name, geom)").createOrReplaceTempView("regions");
    List<String> sql = blocks(readme(), "sql");
    assertThat(sql).isNotEmpty();
    int checked = 0;
    for (String line : sql.get(0).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String statement = line.contains("--") ? line.substring(0, line.indexOf("--")).trim() : line.trim();
      List<Row> rows = spark.sql(statement.replaceAll(";$", "")).collectAsList();
      assertThat(rows).as(statement).isNotEmpty();
      if (line.contains("--")) {
        String expected = line.substring(line.indexOf("--") + 2).trim().split(" ")[0];
        assertThat(String.valueOf(rows.get(0).get(0))).as(statement).startsWith(expected);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2);
  }

  @Test
  void javaSnippetCompilesAndRuns() throws Exception {
    Object g = runSnippet(blocks(readme(), "java").get(0), "g");
    assertThat(g.toString()).isEqualTo("POINT (1 1)");
  }

  @Test
  void featureStoreSnippetWritesAndQueriesTheStore() throws Exception {
    Path dir = Files.createTempDirectory("readme-store");
    String snippet = blocks(readme(), "java").get(1);
    assertThat(snippet).contains("\"/tmp/geostream-store\"");
    Object n = runSnippet("SparkSession spark = SparkSession.active();\n"
        + snippet.replace("\"/tmp/geostream-store\"", "\"" + dir.resolve("store") + "\""), "n");
    // The same answer computed by Spark SQL alone (DURING excludes both ends).
    long expected = spark.sql("SELECT count(*) FROM range(100000) WHERE id * 7 % 360 - 180 BETWEEN -10 AND 30 "
        + "AND id * 13 % 180 - 90 BETWEEN 35 AND 60 AND id > 0 AND id < 21600").first().getLong(0);
    assertThat(expected).isPositive();
    assertThat(n).isEqualTo(expected);
  }

  private static int snippets;

  private Object runSnippet(String snippet, String result) throws Exception {
    String name = "ReadmeSnippet" + (++snippets);
    String source = "import java.util.List;\nimport java.util.Map;\nimport org.apache.spark.sql.*;\n"
        + "import org.apache.spark.sql.types.*;\n"
        + "import org.apache.spark.sql.geostream.GeoTypes;\nimport org.locationtech.jts.geom.Geometry;\n"
        + "import org.locationtech.jts.io.WKTReader;\nimport org.geotools.api.data.*;\n"
        + "import org.geotools.filter.text.ecql.ECQL;\nimport org.geostream.core.schema.*;\n"
        + "import org.geostream.core.spi.*;\n"
        + "public class " + name + " {\n  public static Object run() throws Exception {\n" + snippet
        + "\n    return " + result + ";\n  }\n}\n";
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Path out = Files.createTempDirectory("readme-snippet");
    StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
    files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
    JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    boolean ok = compiler.getTask(new java.io.PrintWriter(diagnostics), files, null,
        List.of("-classpath", System.getProperty("java.class.path")), null, List.of(unit)).call();
    assertThat(ok).as(diagnostics.toString()).isTrue();
    // Ship the compiled snippet to the executors as a user jar, as spark-submit would: its lambdas
    // are deserialized there.
    Path jar = out.resolve(name + ".jar");
    try (java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      try (var classes = Files.list(out)) {
        for (Path c : classes.filter(f -> f.toString().endsWith(".class")).toList()) {
          j.putNextEntry(new java.util.jar.JarEntry(c.getFileName().toString()));
          j.write(Files.readAllBytes(c));
          j.closeEntry();
        }
      }
    }
    spark.sparkContext().addJar(jar.toString());
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      return loader.loadClass(name).getMethod("run").invoke(null);
    }
  }
}
