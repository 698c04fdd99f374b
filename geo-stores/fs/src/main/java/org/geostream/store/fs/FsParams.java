package org.geostream.store.fs;

import java.util.Map;
import org.geotools.api.data.DataAccessFactory.Param;
import org.geostream.types.Errors;

/**
 * The parameters of the fs store, as constants with typed accessors. Precedence: the parameter map
 * naming the store, else the default stated here. Immutable, thread-safe.
 *
 * @param path root directory of the store (a local path or any Hadoop file system URI)
 * @param scheme how features are laid out in partitions, e.g. {@code daily,z2-4bit}
 * @param rowGroupRows rows per Parquet row group (smaller groups prune finer, cost more metadata)
 * @param fileRows most rows per data file before the writer starts a new one
 * @param compression Parquet compression codec name
 * @param retentionMillis how long files replaced by a commit stay on disk for readers still using them
 */
public record FsParams(String path, PartitionScheme scheme, int rowGroupRows, long fileRows, String compression,
    long retentionMillis) {

  /** Root directory of the store (required). */
  public static final Param PATH = new Param("fs.path", String.class,
      "Root directory of the store: a local path or a Hadoop file system URI", true);
  /** Partition scheme for new feature types (per type, fixed when the type is created). */
  public static final Param SCHEME = new Param("fs.partition-scheme", String.class,
      "Partition scheme for new types: time bin and/or spatial cell, e.g. 'daily,z2-4bit', 'hourly', 'z2-6bit', 'none'",
      false, PartitionScheme.DEFAULT);
  /** Rows per Parquet row group. */
  public static final Param ROW_GROUP_ROWS = new Param("fs.row-group-rows", Integer.class,
      "Rows per Parquet row group", false, 50_000);
  /** Rows per data file. */
  public static final Param FILE_ROWS = new Param("fs.file-rows", Long.class,
      "Most rows per data file", false, 2_000_000L);
  /** Compression codec. */
  public static final Param COMPRESSION = new Param("fs.compression", String.class,
      "Parquet compression: snappy, zstd, gzip or uncompressed", false, "snappy");
  /** Retention of replaced files, in seconds. */
  public static final Param RETENTION = new Param("fs.retention-seconds", Long.class,
      "Seconds a file replaced by an update stays on disk for readers that planned before the update", false, 300L);

  /** Every parameter, in the order tools list them. */
  public static final Param[] ALL = {PATH, SCHEME, ROW_GROUP_ROWS, FILE_ROWS, COMPRESSION, RETENTION};

  /**
   * The typed parameters of {@code params}.
   *
   * @throws org.geostream.types.GeoStreamException naming a parameter with a wrong value
   */
  public static FsParams of(Map<String, ?> params) {
    String path = string(params, PATH.key, null);
    if (path == null || path.isBlank()) {
      throw Errors.cannot("open fs store", "parameter 'fs.path' is missing", null);
    }
    String compression = string(params, COMPRESSION.key, "snappy").toLowerCase(java.util.Locale.ROOT);
    if (!java.util.Set.of("snappy", "zstd", "gzip", "uncompressed").contains(compression)) {
      throw Errors.cannot("open fs store", "parameter 'fs.compression' must be snappy, zstd, gzip or uncompressed",
          compression);
    }
    return new FsParams(path,
        PartitionScheme.parse(string(params, SCHEME.key, PartitionScheme.DEFAULT)),
        (int) number(params, ROW_GROUP_ROWS.key, 50_000, 1, Integer.MAX_VALUE),
        number(params, FILE_ROWS.key, 2_000_000L, 1, Long.MAX_VALUE),
        compression,
        number(params, RETENTION.key, 300L, 0, Long.MAX_VALUE / 1000) * 1000);
  }

  private static String string(Map<String, ?> params, String key, String dflt) {
    Object v = params.get(key);
    return v == null ? dflt : v.toString();
  }

  private static long number(Map<String, ?> params, String key, long dflt, long min, long max) {
    Object v = params.get(key);
    if (v == null) {
      return dflt;
    }
    long n;
    try {
      n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw Errors.cannot("open fs store", "parameter '" + key + "' is not a whole number", v);
    }
    if (n < min || n > max) {
      throw Errors.cannot("open fs store", "parameter '" + key + "' must be between " + min + " and " + max, v);
    }
    return n;
  }
}
