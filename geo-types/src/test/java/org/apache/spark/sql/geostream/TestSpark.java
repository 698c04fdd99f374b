package org.apache.spark.sql.geostream;

import org.apache.spark.sql.SparkSession;

/** One shared local Spark session per test JVM, with every GeoStream function registered. */
public final class TestSpark {
  private static SparkSession spark;

  private TestSpark() {}

  /** The shared session ({@code local[2]}, UI off, 2 shuffle partitions). */
  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("geostream-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
      GeoFunctions.registerAll(spark.sessionState().functionRegistry());
    }
    return spark;
  }
}
