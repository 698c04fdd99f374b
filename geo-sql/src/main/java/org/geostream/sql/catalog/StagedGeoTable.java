package org.geostream.sql.catalog;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.geotools.api.data.DataStore;
import org.geostream.core.spi.StoreParams;
import org.geostream.sql.source.GeoTable;
import org.geostream.sql.source.WriteSchemas;

/**
 * A feature type that a {@code CREATE TABLE ... AS SELECT} (or a first {@code df.write}) is about
 * to create: the write creates it from the query's schema with the write's options (so option
 * {@code srid} reaches its CRS), and a failed write removes it again. Not thread-safe (one per
 * statement).
 */
final class StagedGeoTable implements StagedTable, SupportsWrite {
  private final Map<String, String> params;
  private final String typeName;
  private final StructType schema;
  private final Integer srid;
  private final GeoTable table;

  StagedGeoTable(Map<String, String> params, String typeName, StructType schema, Integer srid) {
    this.params = params;
    this.typeName = typeName;
    this.schema = schema;
    this.srid = srid;
    this.table = GeoTable.of(params, typeName, false);
  }

  @Override
  public String name() {
    return table.name();
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return table.capabilities();
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return table.newWriteBuilder(info);
  }

  private DataStore store() {
    return StoreParams.open(params);
  }

  /** Creates the type when the write did not (a write of no partitions). */
  @Override
  public void commitStagedChanges() {
    try {
      if (!List.of(store().getTypeNames()).contains(typeName)) {
        store().createSchema(WriteSchemas.featureType(typeName, schema, srid));
      }
    } catch (IOException e) {
      throw org.geostream.types.Errors.cannot("create feature type '" + typeName + "'", String.valueOf(e.getMessage()),
          null, e);
    }
  }

  /** Removes the type the failed write created, if it did. */
  @Override
  public void abortStagedChanges() {
    try {
      if (List.of(store().getTypeNames()).contains(typeName)) {
        store().removeSchema(typeName);
      }
    } catch (IOException | RuntimeException e) {
      // The write's own error is the one to report.
    }
  }
}
