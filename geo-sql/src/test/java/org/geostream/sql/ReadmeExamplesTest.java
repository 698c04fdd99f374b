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
    String snippet = blocks(readme(), "java").get(0);
    String source = "import java.util.List;\nimport org.apache.spark.sql.*;\nimport org.apache.spark.sql.types.*;\n"
        + "import org.apache.spark.sql.geostream.GeoTypes;\nimport org.locationtech.jts.geom.Geometry;\n"
        + "import org.locationtech.jts.io.WKTReader;\n"
        + "public class ReadmeSnippet {\n  public static Object run() throws Exception {\n" + snippet
        + "\n    return g;\n  }\n}\n";
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Path out = Files.createTempDirectory("readme-snippet");
    StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
    files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
    JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///ReadmeSnippet.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    boolean ok = compiler.getTask(new java.io.PrintWriter(diagnostics), files, null,
        List.of("-classpath", System.getProperty("java.class.path")), null, List.of(unit)).call();
    assertThat(ok).as(diagnostics.toString()).isTrue();
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      Object g = loader.loadClass("ReadmeSnippet").getMethod("run").invoke(null);
      assertThat(g.toString()).isEqualTo("POINT (1 1)");
    }
  }
}
