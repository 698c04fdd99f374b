package org.geostream.sql.source;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** One feature type of a store as a Spark table: read, appended to, overwritten. Immutable. */
public final class GeoTable implements SupportsRead, SupportsWrite {
  private final SourceOptions options;
  private final StructType schema;

  GeoTable(SourceOptions options, StructType schema) {
    this.options = options;
    this.schema = schema;
  }

  /**
   * The table of {@code typeName} in the store named by {@code params}; when the type does not
   * exist yet, an empty table that a write creates.
   */
  public static GeoTable of(Map<String, String> params, String typeName, boolean exists) {
    SourceOptions o = new SourceOptions(typeName, Map.copyOf(params), null);
    return new GeoTable(o, exists ? GeoStreamSource.schema(o) : new StructType());
  }

  @Override
  public String name() {
    return "geostream:" + options.typeName();
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    // Any schema: a write names its own columns (a subset of the attributes is fine, an unknown one
    // is an error naming it), and a new type takes the DataFrame's schema.
    // Streaming reads: stores without a change feed fail when the stream starts, naming the store.
    return EnumSet.of(TableCapability.BATCH_READ, TableCapability.MICRO_BATCH_READ, TableCapability.BATCH_WRITE,
        TableCapability.TRUNCATE, TableCapability.ACCEPT_ANY_SCHEMA);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new GeoWrite(options, info.schema(), SourceOptions.srid(info.options()));
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    Map<String, String> merged = new HashMap<>(options.storeParams());
    merged.put(SourceOptions.FEATURE, options.typeName());
    merged.putAll(scanOptions.asCaseSensitiveMap());
    return new GeoScanBuilder(SourceOptions.of(new CaseInsensitiveStringMap(merged)), schema);
  }
}
