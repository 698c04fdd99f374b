package org.apache.spark.sql.geostream.sql;

import java.util.Locale;
import org.apache.spark.sql.internal.SQLConf;
import org.geostream.types.Errors;

/**
 * The session options of the spatial join, read from the session's SQL configuration when a query
 * is planned. Precedence: the session conf, then the default.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #ENABLED}</td><td>true</td><td>plan spatial joins; false leaves joins to Spark
 *       (a nested loop for spatial conditions)</td></tr>
 *   <tr><td>{@value #BROADCAST_THRESHOLD}</td><td>{@code spark.sql.autoBroadcastJoinThreshold}
 *       (10 MB)</td><td>a side whose estimated size is at most this many bytes is broadcast and
 *       indexed whole; -1 broadcasts only sides with a {@code broadcast} hint</td></tr>
 *   <tr><td>{@value #PARTITIONS}</td><td>{@code spark.sql.shuffle.partitions}</td><td>spatial
 *       partitions (cells) of a partitioned join</td></tr>
 * </table>
 */
public final class JoinConf {
  /** Whether spatial joins are planned. */
  public static final String ENABLED = "spark.geostream.join.enabled";
  /** Largest estimated size in bytes of a side that is broadcast; -1 for hinted sides only. */
  public static final String BROADCAST_THRESHOLD = "spark.geostream.join.broadcastThreshold";
  /** Number of spatial partitions of a partitioned join. */
  public static final String PARTITIONS = "spark.geostream.join.partitions";

  private JoinConf() {}

  /** {@link #ENABLED}. */
  public static boolean enabled() {
    String v = SQLConf.get().getConfString(ENABLED, "true").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Errors.cannot("read option " + ENABLED, "must be 'true' or 'false'", v);
    };
  }

  /** {@link #BROADCAST_THRESHOLD} in bytes, or -1. */
  public static long broadcastThreshold() {
    SQLConf conf = SQLConf.get();
    String v = conf.getConfString(BROADCAST_THRESHOLD, null);
    if (v == null) {
      return conf.autoBroadcastJoinThreshold();
    }
    try {
      long bytes = Long.parseLong(v.trim());
      if (bytes < -1) {
        throw Errors.cannot("read option " + BROADCAST_THRESHOLD, "must be a number of bytes or -1", v);
      }
      return bytes;
    } catch (NumberFormatException e) {
      throw Errors.cannot("read option " + BROADCAST_THRESHOLD, "must be a number of bytes or -1", v);
    }
  }

  /** {@link #PARTITIONS}. */
  public static int partitions() {
    SQLConf conf = SQLConf.get();
    String v = conf.getConfString(PARTITIONS, null);
    if (v == null) {
      return conf.numShufflePartitions();
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1) {
        throw Errors.cannot("read option " + PARTITIONS, "must be a positive number", v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw Errors.cannot("read option " + PARTITIONS, "must be a positive number", v);
    }
  }
}
