package org.geostream.sql.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructType;

/**
 * Plans a read: the columns Spark needs become the query's property list, and the predicates Spark
 * pushes that convert to ECQL ({@link FilterConversion}) become the store's filter, together with
 * the spatial filter the optimizer rule put in the options.
 *
 * <p>Pushed / residual contract: every predicate is also returned to Spark as a residual (post-scan)
 * filter. The store uses the pushed filter to read less; Spark's own evaluation keeps the answer
 * exactly Spark's, whatever a store's semantics for edge cases (string collation, invalid
 * geometries). Not thread-safe (one per scan).
 */
final class GeoScanBuilder implements ScanBuilder, SupportsPushDownV2Filters, SupportsPushDownRequiredColumns,
    SupportsPushDownLimit {
  private final SourceOptions options;
  private final StructType schema;
  private StructType required;
  private final List<Predicate> pushed = new ArrayList<>();
  private final List<String> ecql = new ArrayList<>();
  private int limit = -1;

  GeoScanBuilder(SourceOptions options, StructType schema) {
    this.options = options;
    this.schema = schema;
    this.required = schema;
  }

  @Override
  public Predicate[] pushPredicates(Predicate[] predicates) {
    for (Predicate p : predicates) {
      String e = FilterConversion.toEcql(p, schema);
      if (e != null) {
        pushed.add(p);
        ecql.add(e);
      }
    }
    return predicates;
  }

  @Override
  public Predicate[] pushedPredicates() {
    return pushed.toArray(new Predicate[0]);
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public boolean pushLimit(int limit) {
    this.limit = limit;
    return true;
  }

  @Override
  public Scan build() {
    List<String> all = new ArrayList<>();
    if (options.ecql() != null) {
      all.add(options.ecql());
    }
    all.addAll(ecql);
    String filter = all.isEmpty() ? null : all.size() == 1 ? all.get(0)
        : "(" + String.join(") AND (", all) + ")";
    return new GeoScan(options, required, filter, limit);
  }
}
