package org.geostream.bench;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;

/**
 * The engines under comparison: how each is turned on in a Spark session and the few places where
 * their SQL differs. Every engine runs in its own JVM (DESIGN.md, "Known pitfalls"), so
 * {@link #checkAlone()} fails when the classpath holds another engine.
 */
public enum Engine {
  /** GeoStream, through its session extension. */
  GEOSTREAM("geostream", "GeoStream", "GeoStream, org.geostream:geostream-spark-runtime",
      "org.geostream.sql.GeoStreamExtensions", "geostream.version") {
    @Override
    String geoHash5(String geom) {
      return "st_geoHash(" + geom + ", 5)"; // precision in characters
    }
  },
  /** Apache Sedona, through its session extension (what {@code SedonaContext.create} also installs). */
  SEDONA("sedona", "Sedona",
      "Apache Sedona, org.apache.sedona:sedona-spark-shaded-3.5_2.12 with org.datasyslab:geotools-wrapper",
      "org.apache.sedona.sql.SedonaSqlExtensions", "sedona.version") {
    @Override
    String geoHash5(String geom) {
      return "ST_GeoHash(" + geom + ", 5)"; // precision in characters
    }

    @Override
    String version(Properties versions) {
      return super.version(versions) + " + geotools-wrapper " + versions.getProperty("geotools-wrapper.version");
    }
  },
  /** GeoMesa spark-jts, through {@code org.locationtech.geomesa.spark.jts.initJTS(SQLContext)}. */
  GEOMESA("geomesa", "GeoMesa", "GeoMesa spark-jts, org.locationtech.geomesa:geomesa-spark-jts_2.12",
      null, "geomesa.version") {
    @Override
    String geoHash5(String geom) {
      return "st_geoHash(" + geom + ", 25)"; // precision in bits: 25 bits = 5 characters
    }

    @Override
    void register(SparkSession spark) {
      // Reflection keeps the harness free of engine classes at compile time.
      try {
        Class<?> pkg = Class.forName("org.locationtech.geomesa.spark.jts.package$");
        Object module = pkg.getField("MODULE$").get(null);
        Method init = pkg.getMethod("initJTS", SQLContext.class);
        init.invoke(module, spark.sqlContext());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot register GeoMesa spark-jts: initJTS failed", e);
      }
    }
  };

  /** A class only each engine's jar holds, to tell which engines share the JVM. */
  private static final List<String> MARKERS = List.of(
      "org.geostream.sql.GeoStreamExtensions",
      "org.apache.sedona.sql.SedonaSqlExtensions",
      "org.locationtech.geomesa.spark.jts.package$");

  private final String id;
  private final String displayName;
  private final String product;
  private final String extensions;
  private final String versionKey;

  Engine(String id, String displayName, String product, String extensions, String versionKey) {
    this.id = id;
    this.displayName = displayName;
    this.product = product;
    this.extensions = extensions;
    this.versionKey = versionKey;
  }

  /** The lower-case name used on the command line, in file names and as Maven profile suffix. */
  public String id() {
    return id;
  }

  /** The name shown in the report. */
  public String displayName() {
    return displayName;
  }

  /** The product and its Maven artifacts, for the report's header. */
  public String product() {
    return product;
  }

  /** The jar holding this engine (the location of a class only it has), or "unknown". */
  String jar() {
    try {
      Class<?> c = Class.forName(MARKERS.get(ordinal()), false, Engine.class.getClassLoader());
      CodeSource src = c.getProtectionDomain().getCodeSource();
      return src == null ? "unknown" : Path.of(src.getLocation().toURI()).toString();
    } catch (ReflectiveOperationException | URISyntaxException e) {
      return "unknown";
    }
  }

  /** This engine's version, from {@code geostream-benchmarks.properties} (filtered by Maven). */
  String version(Properties versions) {
    return versions.getProperty(versionKey, "unknown");
  }

  /** Adds what must be set before the session starts (the SQL extension, when the engine has one). */
  void configure(SparkSession.Builder builder) {
    if (extensions != null) {
      builder.config("spark.sql.extensions", extensions);
    }
  }

  /** Registers the engine in a started session, when it is not done by {@link #configure}. */
  void register(SparkSession spark) {}

  /** SQL for the 5-character geohash of {@code geom}: engines disagree on the precision unit. */
  abstract String geoHash5(String geom);

  /**
   * Fails when the classpath holds another engine's classes, or lacks this one's.
   *
   * @throws IllegalStateException naming the engines found
   */
  void checkAlone() {
    for (int i = 0; i < MARKERS.size(); i++) {
      boolean present = isPresent(MARKERS.get(i));
      boolean expected = i == ordinal();
      if (present != expected) {
        throw new IllegalStateException("Cannot benchmark " + displayName + ": the classpath "
            + (present ? "also holds " : "lacks ") + values()[i].displayName + " (" + MARKERS.get(i) + ")");
      }
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, Engine.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The engine named {@code id}, case-insensitive. */
  public static Engine of(String id) {
    for (Engine e : values()) {
      if (e.id.equals(id.toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new IllegalArgumentException("Cannot find engine: expected geostream, sedona or geomesa: " + id);
  }
}
