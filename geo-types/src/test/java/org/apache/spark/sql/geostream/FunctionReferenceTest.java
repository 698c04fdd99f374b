package org.apache.spark.sql.geostream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geostream.types.fn.AggregateDef;
import org.geostream.types.fn.Catalog;
import org.geostream.types.fn.FunctionDef;
import org.junit.jupiter.api.Test;

/**
 * docs/functions.md is generated from the catalogue with every example executed here; the test
 * fails when the committed file differs. Regenerate with
 * {@code mvn -pl geo-types test -Dtest=FunctionReferenceTest -Dgeostream.updateDocs=true}.
 */
class FunctionReferenceTest {
  @Test
  void referenceIsGeneratedFromExecutedExamples() throws IOException {
    String generated = generate(TestSpark.get());
    Path file = repoRoot().resolve("docs/functions.md");
    if (Boolean.getBoolean("geostream.updateDocs")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated, StandardCharsets.UTF_8);
    }
    assertThat(file).exists();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as("docs/functions.md is stale: regenerate with -Dgeostream.updateDocs=true")
        .isEqualTo(generated);
  }

  static String generate(SparkSession spark) {
    Catalog catalog = Catalog.get();
    Map<String, List<String>> aliasesOf = new LinkedHashMap<>();
    for (Map.Entry<String, String> a : catalog.aliases().entrySet()) {
      aliasesOf.computeIfAbsent(a.getValue(), k -> new ArrayList<>()).add(a.getKey());
    }
    Map<String, List<String>> byFamily = new LinkedHashMap<>();
    for (String name : catalog.functions().keySet()) {
      byFamily.computeIfAbsent(catalog.family(name), k -> new ArrayList<>()).add(name);
    }
    for (String name : catalog.aggregates().keySet()) {
      byFamily.computeIfAbsent(catalog.family(name), k -> new ArrayList<>()).add(name);
    }
    StringBuilder md = new StringBuilder();
    md.append("# Function reference\n\n")
        .append("Generated from the catalogue by `FunctionReferenceTest`; every example below was executed by the test suite\n")
        .append("and its result is shown as Spark returned it. Names are case-insensitive. Every scalar function also\n")
        .append("has a `try_` variant (`try_st_geomFromWKT`, …) that returns null instead of failing on bad input.\n")
        .append("Differences from GeoMesa and PostGIS are collected in [compatibility.md](compatibility.md).\n\n");
    int count = catalog.functions().size() + catalog.aggregates().size();
    md.append(count).append(" functions and aggregates, ").append(catalog.aliases().size()).append(" aliases.\n\n");
    for (Map.Entry<String, List<String>> f : byFamily.entrySet()) {
      md.append("- [").append(f.getKey()).append("](#").append(anchor(f.getKey())).append("): ");
      md.append(String.join(", ", f.getValue().stream().map(n -> "`" + n + "`").toList())).append('\n');
    }
    for (Map.Entry<String, List<String>> f : byFamily.entrySet()) {
      md.append("\n## ").append(f.getKey()).append('\n');
      for (String name : f.getValue()) {
        md.append("\n### ").append(name).append("\n\n");
        List<String> aliases = aliasesOf.getOrDefault(name, List.of());
        if (!aliases.isEmpty()) {
          md.append("Also: ").append(String.join(", ", aliases.stream().map(n -> "`" + n + "`").toList())).append(".\n\n");
        }
        AggregateDef agg = catalog.aggregates().get(name);
        if (agg != null) {
          md.append("`").append(name).append("(").append(agg.input().name().toLowerCase()).append(") → ")
              .append(agg.result().name().toLowerCase()).append("` (aggregate)\n\n").append(agg.doc()).append("\n\n");
          example(spark, md, agg.example(), true);
          continue;
        }
        for (FunctionDef d : catalog.functions().get(name)) {
          md.append("`").append(name).append("(")
              .append(String.join(", ", d.args().stream().map(t -> t.name().toLowerCase().replace("_bytes", "")).toList()))
              .append(") → ").append(d.result().name().toLowerCase().replace("_bytes", "")).append("`");
          if (d.geomesa() != null) {
            md.append(" (differs under `spark.geostream.compat=geomesa`)");
          }
          md.append("\n\n").append(d.doc()).append("\n\n");
          example(spark, md, "SELECT " + d.example(), false);
        }
      }
    }
    return md.toString();
  }

  private static void example(SparkSession spark, StringBuilder md, String sql, boolean aggregate) {
    List<Row> rows = spark.sql(sql).collectAsList();
    Object v = rows.get(0).get(0);
    String shown = v instanceof scala.collection.Seq<?> s ? scala.collection.JavaConverters.seqAsJavaList(s).toString() : String.valueOf(v);
    md.append("```sql\n").append(sql).append(";\n-- ").append(shown.replace("\n", " ")).append("\n```\n\n");
  }

  /** The checkout's root: the nearest directory upwards from the working directory that holds geo-types. */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("geo-types"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("Cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static String anchor(String heading) {
    return heading.toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
  }
}
