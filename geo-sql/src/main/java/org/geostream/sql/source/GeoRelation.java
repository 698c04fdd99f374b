package org.geostream.sql.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.InsertableRelation;
import org.apache.spark.sql.sources.PrunedFilteredScan;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A feature type as a table of Spark's session catalog: {@code CREATE TABLE t USING geostream
 * OPTIONS (feature 'vehicles', `fs.path` '/data')}. Spark 3.5 resolves session-catalog tables
 * through its older relation interfaces; with the extension on, an optimizer rule replaces this
 * relation in every query by the DataSource V2 table ({@link #table()}), so such a table is read
 * exactly as {@code format("geostream")} is: the same partitions, attribute, time, feature-id and
 * spatial predicates pushed as ECQL and shown by {@code explain()}. Without the extension
 * ({@code GeoStream.register} on a live session) {@link #buildScan} still pushes the filters Spark
 * hands it that convert to ECQL; Spark evaluates every filter again either way. Inserts go to the V2
 * source with the same options, so they commit atomically. Immutable.
 */
public final class GeoRelation extends BaseRelation implements PrunedFilteredScan, InsertableRelation {
  private final SQLContext sqlContext;
  private final Map<String, String> options;
  private final StructType schema;

  GeoRelation(SQLContext sqlContext, Map<String, String> options, StructType schema) {
    this.sqlContext = sqlContext;
    this.options = options;
    this.schema = schema;
  }

  @Override
  public SQLContext sqlContext() {
    return sqlContext;
  }

  @Override
  public StructType schema() {
    return schema;
  }

  /** The same feature type as a DataSource V2 table, with the relation's schema. */
  public GeoTable table() {
    return new GeoTable(SourceOptions.of(readOptions()), schema);
  }

  /** The table's options (store parameters and {@code feature}) as V2 read options. */
  public CaseInsensitiveStringMap readOptions() {
    return new CaseInsensitiveStringMap(options);
  }

  @Override
  public RDD<Row> buildScan(String[] requiredColumns, Filter[] filters) {
    List<String> ecql = new ArrayList<>();
    for (Filter f : filters) {
      Predicate p;
      try {
        p = f.toV2();
      } catch (RuntimeException unsupported) {
        continue;
      }
      String e = p == null ? null : FilterConversion.toEcql(p, schema);
      if (e != null) {
        ecql.add("(" + e + ")");
      }
    }
    Map<String, String> read = new HashMap<>(options);
    if (!ecql.isEmpty()) {
      read.put(SourceOptions.ECQL, String.join(" AND ", ecql));
    }
    Dataset<Row> all = sqlContext.sparkSession().read().format("geostream").options(read).load();
    Column[] columns = new Column[requiredColumns.length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = all.col(requiredColumns[i]);
    }
    return all.select(columns).rdd();
  }

  @Override
  public void insert(Dataset<Row> data, boolean overwrite) {
    WriteSchemas.withRowSrids(data).write().format("geostream").options(options).mode(overwrite ? SaveMode.Overwrite : SaveMode.Append).save();
  }

  @Override
  public String toString() {
    return "GeoRelation[" + options.getOrDefault(SourceOptions.FEATURE, "?") + "]";
  }
}
