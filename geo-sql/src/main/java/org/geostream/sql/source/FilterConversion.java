package org.geostream.sql.source;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.geostream.core.schema.FeatureSchemas;

/**
 * Spark's DataSource V2 predicates as ECQL: comparisons (on strings only {@code =} and
 * {@code <>}, since Java and Spark order strings differently), {@code IN}, {@code IS [NOT] NULL},
 * {@code STARTS_WITH} (as {@code LIKE 'prefix%'}), {@code AND}, {@code OR} and {@code NOT} on
 * top-level string, number, boolean, date and timestamp columns, and equality or {@code IN} on
 * {@code __fid__} as a feature-id lookup. {@code AND}/{@code OR}/{@code NOT} convert all or
 * nothing. Never throws: a predicate it cannot express gives null ("not convertible").
 */
final class FilterConversion {
  private FilterConversion() {}

  static String toEcql(Predicate p, StructType schema) {
    try {
      return convert(p, schema);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String convert(Predicate p, StructType schema) {
    Expression[] c = p.children();
    switch (p.name()) {
      case "AND", "OR" -> {
        String a = c[0] instanceof Predicate l ? convert(l, schema) : null;
        String b = c[1] instanceof Predicate r ? convert(r, schema) : null;
        return a == null || b == null ? null : "(" + a + ") " + p.name() + " (" + b + ")";
      }
      case "NOT" -> {
        String a = c[0] instanceof Predicate l ? convert(l, schema) : null;
        return a == null ? null : "NOT (" + a + ")";
      }
      case "ALWAYS_TRUE" -> {
        return "INCLUDE";
      }
      case "ALWAYS_FALSE" -> {
        return "EXCLUDE";
      }
      case "IS_NULL", "IS_NOT_NULL" -> {
        String col = attribute(c[0], schema);
        return col == null || isFid(c[0]) ? null : col + (p.name().equals("IS_NULL") ? " IS NULL" : " IS NOT NULL");
      }
      case "=", "<>", "<", "<=", ">", ">=" -> {
        boolean flipped = !(c[0] instanceof NamedReference);
        Expression col = flipped ? c[1] : c[0];
        Expression lit = flipped ? c[0] : c[1];
        String name = attribute(col, schema);
        String value = literal(lit);
        if (name == null || value == null) {
          return null;
        }
        if (isFid(col)) {
          return p.name().equals("=") ? "IN (" + value + ")" : null;
        }
        // Java orders strings by UTF-16 units, Spark by UTF-8 bytes: only equality is the same.
        if (!p.name().equals("=") && !p.name().equals("<>") && lit instanceof Literal<?> l
            && l.dataType() instanceof StringType) {
          return null;
        }
        return name + " " + (flipped ? flip(p.name()) : p.name()) + " " + value;
      }
      case "IN" -> {
        String name = attribute(c[0], schema);
        if (name == null) {
          return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 1; i < c.length; i++) {
          String v = literal(c[i]);
          if (v == null) {
            return null;
          }
          values.add(v);
        }
        return isFid(c[0]) ? "IN (" + String.join(", ", values) + ")"
            : name + " IN (" + String.join(", ", values) + ")";
      }
      case "STARTS_WITH" -> {
        String name = attribute(c[0], schema);
        if (name == null || isFid(c[0]) || !(c[1] instanceof Literal<?> l) || !(l.dataType() instanceof StringType)) {
          return null;
        }
        String prefix = String.valueOf(l.value());
        if (prefix.contains("%") || prefix.contains("_") || prefix.contains("\\")) {
          return null;
        }
        return name + " LIKE " + quote(prefix + "%");
      }
      default -> {
        return null;
      }
    }
  }

  private static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> op;
    };
  }

  private static boolean isFid(Expression e) {
    return e instanceof NamedReference r && r.fieldNames().length == 1
        && r.fieldNames()[0].equals(FeatureSchemas.FID_FIELD);
  }

  /** The ECQL name of a top-level column of a comparable type, or null. */
  private static String attribute(Expression e, StructType schema) {
    if (!(e instanceof NamedReference r) || r.fieldNames().length != 1) {
      return null;
    }
    String name = r.fieldNames()[0];
    StructField f = java.util.Arrays.stream(schema.fields()).filter(s -> s.name().equals(name)).findFirst()
        .orElse(null);
    if (f == null || !comparable(f.dataType())) {
      return null;
    }
    return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static boolean comparable(DataType t) {
    return t instanceof StringType || t instanceof NumericType || t instanceof BooleanType
        || t instanceof TimestampType || t instanceof DateType;
  }

  /** An ECQL literal for a V2 literal (Catalyst's internal values), or null. */
  private static String literal(Expression e) {
    if (!(e instanceof Literal<?> l) || l.value() == null) {
      return null;
    }
    DataType t = l.dataType();
    Object v = l.value();
    if (t instanceof StringType) {
      return quote(v.toString());
    } else if (t instanceof BooleanType) {
      return v.toString().toUpperCase(Locale.ROOT);
    } else if (t instanceof NumericType) {
      String s = v.toString();
      return s.matches("-?[0-9.Ee+-]+") ? s : null;
    } else if (t instanceof TimestampType) {
      long micros = ((Number) v).longValue();
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
          .toString();
    } else if (t instanceof DateType) {
      return LocalDate.ofEpochDay(((Number) v).intValue()).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    }
    return null;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
