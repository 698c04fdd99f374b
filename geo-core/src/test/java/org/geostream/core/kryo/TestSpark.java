package org.geostream.core.kryo;

import org.apache.spark.sql.SparkSession;
import org.geostream.core.GeoStreamKryoRegistrator;

/**
 * The shared local Spark session of geo-core's schema and Kryo tests ({@code local[2]}, UI off,
 * loopback, 2 shuffle partitions), with Kryo and GeoStream's registrator on. When another test
 * class of the JVM started a session first, that one is returned; {@link #kryoOn()} tells.
 */
public final class TestSpark {
  private static SparkSession spark;

  private TestSpark() {}

  /** The shared session. */
  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("geo-core-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .config("spark.kryo.registrator", GeoStreamKryoRegistrator.class.getName())
          .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
    }
    return spark;
  }

  /** True when the shared session serializes with Kryo and GeoStream's registrator. */
  public static boolean kryoOn() {
    org.apache.spark.SparkConf conf = get().sparkContext().getConf();
    return conf.get("spark.serializer", "").endsWith("KryoSerializer")
        && conf.get("spark.kryo.registrator", "").contains(GeoStreamKryoRegistrator.class.getName());
  }
}
