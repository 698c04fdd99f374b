package org.apache.spark.sql.geostream.sql;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Dataset$;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeMap$;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Statistics;
import org.apache.spark.sql.catalyst.plans.physical.UnknownPartitioning;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.geostream.GeometryUDT;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.geostream.sql.cache.IndexedPartition;
import org.geostream.types.Errors;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.math.BigInt;

/**
 * A relation kept in memory with a spatial index per partition: the rows of each partition of a
 * DataFrame, copied once, with a packed R-tree of one geometry column ({@link IndexedPartition}),
 * persisted as a Spark RDD (memory only: partitions the block manager drops are rebuilt from the
 * DataFrame's own plan). The DataFrame {@link #build} returns is an ordinary one over these rows;
 * {@link IndexedScanStrategy} answers its spatial filters through the index. Thread-safe.
 *
 * @param partitions the persisted partitions
 * @param geometry the position of the indexed column
 * @param rows all rows, the RDD the cached DataFrame's plan reads
 */
public record IndexedCache(JavaRDD<IndexedPartition> partitions, int geometry, RDD<InternalRow> rows) {
  /** The caches, by the id of the RDD their DataFrames read; a cache stays until {@link #drop}. */
  private static final Map<Integer, IndexedCache> BY_RDD = new ConcurrentHashMap<>();

  /** The cache whose rows {@code plan} reads, or null. */
  static IndexedCache of(LogicalRDD plan) {
    return BY_RDD.get(plan.rdd().id());
  }

  /**
   * Caches {@code df} with an index of {@code column} (null: the first geometry column) and returns
   * the cached DataFrame. Eager: the rows are read and indexed before it returns (one job).
   *
   * @throws org.geostream.types.GeoStreamException when the column is not a geometry column
   */
  public static Dataset<Row> build(Dataset<Row> df, String column) {
    StructType schema = df.schema();
    int ordinal = -1;
    for (int i = 0; i < schema.fields().length; i++) {
      StructField f = schema.fields()[i];
      if (f.dataType() instanceof GeometryUDT && (column == null || f.name().equals(column))) {
        ordinal = i;
        break;
      }
    }
    if (ordinal < 0) {
      throw Errors.cannot("cache with a spatial index", column == null ? "the DataFrame has no geometry column"
          : "no geometry column '" + column + "'", schema.simpleString());
    }
    int geometry = ordinal;
    JavaRDD<IndexedPartition> partitions = df.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(it -> List.of(IndexedPartition.build(it, schema, geometry)).iterator());
    partitions.setName("GeoStream indexed cache (" + schema.fields()[ordinal].name() + ")");
    partitions.persist(StorageLevel.MEMORY_ONLY());
    long bytes = partitions.map(IndexedPartition::bytes).fold(0L, Long::sum);
    RDD<InternalRow> rows = partitions.flatMap(IndexedPartition::all).rdd();
    SparkSession spark = df.sparkSession();
    Seq<Attribute> output = df.queryExecution().analyzed().output();
    LogicalPlan plan = new LogicalRDD(output, rows, new UnknownPartitioning(partitions.getNumPartitions()),
        JavaConverters.asScalaBuffer(List.<SortOrder>of()).toSeq(), false, spark,
        Option.apply(new Statistics(BigInt.apply(Math.max(1L, bytes)), Option.empty(), AttributeMap$.MODULE$.empty(),
            false)), Option.empty());
    BY_RDD.put(rows.id(), new IndexedCache(partitions, ordinal, rows));
    return Dataset$.MODULE$.ofRows(spark, plan);
  }

  /** Releases the cache {@code df} reads (no-op for any other DataFrame); {@code df} still works, reading the source again. */
  public static void drop(Dataset<Row> df) {
    df.queryExecution().analyzed().foreach(new scala.runtime.AbstractFunction1<LogicalPlan, scala.runtime.BoxedUnit>() {
      @Override
      public scala.runtime.BoxedUnit apply(LogicalPlan p) {
        if (p instanceof LogicalRDD l) {
          IndexedCache c = BY_RDD.remove(l.rdd().id());
          if (c != null) {
            c.partitions().unpersist(false);
          }
        }
        return scala.runtime.BoxedUnit.UNIT;
      }
    });
  }
}
