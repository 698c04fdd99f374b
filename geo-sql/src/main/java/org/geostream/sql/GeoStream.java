package org.geostream.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.ExperimentalMethods;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkStrategy;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.geostream.sql.GeoParquetScan;
import org.apache.spark.sql.geostream.sql.IndexedCache;
import org.apache.spark.sql.geostream.sql.IndexedScanStrategy;
import org.apache.spark.sql.geostream.sql.SpatialJoinStrategy;
import org.apache.spark.sql.geostream.GeoFunctions;
import org.apache.spark.sql.geostream.GeoTypes;
import scala.collection.JavaConverters;

/**
 * Turns GeoStream on for a session that already exists, as the extension does for new sessions:
 * {@code GeoStream.register(spark)}. Idempotent; later registrations replace earlier ones.
 */
public final class GeoStream {
  /** The extension class name for {@code spark.sql.extensions}. */
  public static final String EXTENSIONS = GeoStreamExtensions.class.getName();

  private GeoStream() {}

  /**
   * Registers the geometry types, every function, the spatial join planner
   * and the GeoParquet scan ({@code spark.experimental().extraStrategies()}, once each) with
   * {@code spark}'s session. The spatial
   * pushdown into {@code format("geostream")} stores is an optimizer rule that Spark only takes from
   * {@code spark.sql.extensions} when a session starts: without it queries are answered the same,
   * with attribute filters pushed and spatial ones evaluated by Spark.
   */
  public static void register(SparkSession spark) {
    GeoTypes.register();
    GeoFunctions.registerAll(spark.sessionState().functionRegistry());
    ExperimentalMethods experimental = spark.experimental();
    List<SparkStrategy> strategies = new ArrayList<>(JavaConverters.seqAsJavaList(experimental.extraStrategies()));
    if (strategies.stream().noneMatch(SpatialJoinStrategy.class::isInstance)) {
      strategies.add(new SpatialJoinStrategy());
    }
    if (strategies.stream().noneMatch(GeoParquetScan.class::isInstance)) {
      strategies.add(new GeoParquetScan());
    }
    experimental.extraStrategies_$eq(JavaConverters.asScalaBuffer(strategies).toSeq());
    plansIndexedCaches(spark);
  }

  private static void plansIndexedCaches(SparkSession spark) {
    ExperimentalMethods experimental = spark.experimental();
    List<SparkStrategy> strategies = new ArrayList<>(JavaConverters.seqAsJavaList(experimental.extraStrategies()));
    if (strategies.stream().noneMatch(IndexedScanStrategy.class::isInstance)) {
      strategies.add(0, new IndexedScanStrategy());
      experimental.extraStrategies_$eq(JavaConverters.asScalaBuffer(strategies).toSeq());
    }
  }

  /**
   * Keeps {@code df} in memory with a spatial index (a packed R-tree) of its first geometry column
   * in each partition, and returns the cached DataFrame: filters on it that bound that column by a
   * constant box ({@code st_intersects}, {@code st_contains}, {@code st_within}, {@code st_covers},
   * {@code st_dwithin}, {@code st_distance(...) < d}, ... against a constant geometry) read only the
   * rows the index finds, and give the same answer as without the index; everything else reads all
   * cached rows. Eager: reads {@code df} once now. Release with {@link #uncache}.
   *
   * @throws org.geostream.types.GeoStreamException when {@code df} has no geometry column
   */
  public static Dataset<Row> cache(Dataset<Row> df) {
    return cache(df, null);
  }

  /** Like {@link #cache(Dataset)}, indexing geometry column {@code column}. */
  public static Dataset<Row> cache(Dataset<Row> df, String column) {
    plansIndexedCaches(df.sparkSession());
    return IndexedCache.build(df, column);
  }

  /** Releases the memory of a DataFrame {@link #cache} returned; it then reads its source again. */
  public static void uncache(Dataset<Row> cached) {
    IndexedCache.drop(cached);
  }
}
