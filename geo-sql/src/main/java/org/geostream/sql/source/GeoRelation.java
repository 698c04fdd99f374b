package org.geostream.sql.source;

import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.InsertableRelation;
import org.apache.spark.sql.sources.PrunedScan;
import org.apache.spark.sql.types.StructType;

/**
 * A feature type as a table of Spark's session catalog: {@code CREATE TABLE t USING geostream
 * OPTIONS (feature 'vehicles', `fs.path` '/data')}. Spark 3.5 reads and writes session-catalog
 * tables through its older relation interfaces, so this relation hands every scan and insert to the
 * DataSource V2 source ({@code format("geostream")}) with the same options: the same partitions,
 * the same attribute pushdown and atomic commits. Spatial predicates of the outer query are evaluated
 * by Spark (the pushdown rule sees V2 relations); a {@link org.geostream.sql.catalog.GeoStreamCatalog}
 * table ({@code geo.vehicles}) pushes them too. Immutable.
 */
final class GeoRelation extends BaseRelation implements PrunedScan, InsertableRelation {
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

  @Override
  public RDD<Row> buildScan(String[] requiredColumns) {
    Dataset<Row> all = sqlContext.sparkSession().read().format("geostream").options(options).load();
    Column[] columns = new Column[requiredColumns.length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = all.col(requiredColumns[i]);
    }
    return all.select(columns).rdd();
  }

  @Override
  public void insert(Dataset<Row> data, boolean overwrite) {
    data.write().format("geostream").options(options).mode(overwrite ? SaveMode.Overwrite : SaveMode.Append).save();
  }
}
