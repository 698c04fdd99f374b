package org.apache.spark.sql.geostream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import scala.collection.JavaConverters;

/**
 * Runs every case of {@code fixtures/functions/cases.txt} three ways: constant-folded (interpreted
 * evaluation), through generated code with literal arguments (constant caching and prepared
 * geometries), and with every literal turned into a column of a cached one-row table (the per-row
 * path, no constants).
 */
class FunctionCasesTest {
  private static final String CASES = "/fixtures/functions/cases.txt";
  private static final String NO_FOLDING = "org.apache.spark.sql.catalyst.optimizer.ConstantFolding,"
      + "org.apache.spark.sql.catalyst.optimizer.FoldablePropagation,"
      + "org.apache.spark.sql.catalyst.optimizer.ConvertToLocalRelation";
  private static SparkSession spark;

  record Case(int line, String expression, String expected) {}

  @BeforeAll
  static void start() {
    spark = TestSpark.get();
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = FunctionCasesTest.class.getResourceAsStream(CASES)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int arrow = line.lastIndexOf(" ==> ");
        if (arrow < 0) {
          throw new IllegalStateException("Line " + (i + 1) + " of " + CASES + " has no ' ==> ': " + line);
        }
        out.add(new Case(i + 1, line.substring(0, arrow).strip(), line.substring(arrow + 5).strip()));
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> constantFolded() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.line() + ": " + c.expression(),
        () -> check(c, () -> spark.sql("SELECT " + c.expression()).collectAsList().get(0).get(0))));
  }

  @TestFactory
  Stream<DynamicTest> generatedCodeWithLiterals() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.line() + ": " + c.expression(),
        () -> check(c, () -> withConf(NO_FOLDING, () -> spark.sql("SELECT " + c.expression()).collectAsList().get(0).get(0)))));
  }

  @TestFactory
  Stream<DynamicTest> literalsAsColumns() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.line() + ": " + c.expression(),
        () -> check(c, () -> withConf(NO_FOLDING, () -> evalOverColumns(c.expression())))));
  }

  /** Replaces every literal with a column of a cached one-row table and evaluates there. */
  private static Object evalOverColumns(String sql) throws Exception {
    Expression parsed = spark.sessionState().sqlParser().parseExpression(sql);
    List<String> columns = new ArrayList<>();
    Expression rewritten = replaceLiterals(parsed, columns, false);
    Dataset<Row> table = spark.range(1).selectExpr(columns.isEmpty() ? List.of("1 AS unused").toArray(new String[0]) : columns.toArray(new String[0])).cache();
    try {
      return table.select(new Column(rewritten)).collectAsList().get(0).get(0);
    } finally {
      table.unpersist();
    }
  }

  /** Replaces the literal arguments of GeoStream functions (others, like round's scale, must stay constant). */
  private static Expression replaceLiterals(Expression e, List<String> columns, boolean argOfGeoFunction) {
    if (e instanceof Literal lit && argOfGeoFunction) {
      String name = "c" + columns.size();
      columns.add(lit.sql() + " AS " + name);
      return new UnresolvedAttribute(JavaConverters.asScalaBuffer(List.of(name)).toSeq());
    }
    boolean geo = e instanceof UnresolvedFunction f && isGeoStream(f.nameParts().last());
    List<Expression> kids = new ArrayList<>();
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      kids.add(replaceLiterals(child, columns, geo));
    }
    return kids.isEmpty() ? e : e.withNewChildren(JavaConverters.asScalaBuffer(kids).toSeq());
  }

  private static boolean isGeoStream(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.startsWith("st_") || n.startsWith("try_st_") || n.equals("geometrytype");
  }

  interface Eval {
    Object run() throws Exception;
  }

  private static Object withConf(String excluded, Eval body) throws Exception {
    spark.conf().set("spark.sql.optimizer.excludedRules", excluded);
    try {
      return body.run();
    } finally {
      spark.conf().unset("spark.sql.optimizer.excludedRules");
    }
  }

  private static void check(Case c, Eval eval) {
    Object actual;
    try {
      actual = eval.run();
    } catch (Exception e) {
      if (c.expected().startsWith("ERROR: ")) {
        String want = c.expected().substring(7);
        assertThat(messages(e)).as("error of %s", c.expression()).contains(want);
        return;
      }
      throw new AssertionError("line " + c.line() + ": " + c.expression() + " failed: " + messages(e), e);
    }
    if (c.expected().startsWith("ERROR: ")) {
      fail("line %d: %s gave %s, expected an error containing '%s'", c.line(), c.expression(), actual, c.expected().substring(7));
    }
    String text = render(actual);
    if (isNumber(c.expected()) && actual instanceof Number n && !(actual instanceof Long) && !(actual instanceof Integer)) {
      double want = Double.parseDouble(c.expected());
      double got = n.doubleValue();
      assertThat(Math.abs(got - want)).as("line %d: %s = %s, expected %s", c.line(), c.expression(), got, want)
          .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(want)));
    } else {
      assertThat(text).as("line %d: %s", c.line(), c.expression()).isEqualTo(c.expected());
    }
  }

  private static String render(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return JavaConverters.seqAsJavaList(seq).toString();
    }
    return v.toString();
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}
