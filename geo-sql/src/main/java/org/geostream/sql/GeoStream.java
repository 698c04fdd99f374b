package org.geostream.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.ExperimentalMethods;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkStrategy;
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
   * Registers the geometry types, every function and the spatial join planner
   * ({@code spark.experimental().extraStrategies()}, once) with {@code spark}'s session. The spatial
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
      experimental.extraStrategies_$eq(JavaConverters.asScalaBuffer(strategies).toSeq());
    }
  }
}
