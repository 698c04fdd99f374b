package org.geostream.sql.catalog;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.geotools.api.data.DataStore;
import org.geostream.core.spi.StoreParams;
import org.geostream.sql.source.GeoTable;
import org.geostream.sql.source.WriteSchemas;
import org.geostream.types.Errors;

/**
 * A feature store as a Spark catalog: its feature types are the tables. Configure it with the
 * store's parameters under the catalog's name:
 *
 * <pre>
 * spark.sql.catalog.geo=org.geostream.sql.catalog.GeoStreamCatalog
 * spark.sql.catalog.geo.fs.path=/data/geostream
 * </pre>
 *
 * <p>Then {@code SELECT * FROM geo.vehicles}, {@code CREATE TABLE geo.buses AS SELECT ...},
 * {@code DROP TABLE geo.buses}, {@code SHOW TABLES IN geo} and {@code df.writeTo("geo.buses")} work,
 * and {@code format("geostream")} uses such a catalog behind the scenes so that every
 * {@code SaveMode} means what it says. Types live in the root namespace. Thread-safe.
 */
public final class GeoStreamCatalog implements StagingTableCatalog {
  private String name;
  private Map<String, String> params;

  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    this.name = name;
    this.params = new HashMap<>(options.asCaseSensitiveMap());
  }

  @Override
  public String name() {
    return name;
  }

  private DataStore store() {
    return StoreParams.open(params);
  }

  @Override
  public Identifier[] listTables(String[] namespace) {
    try {
      return java.util.Arrays.stream(store().getTypeNames()).map(t -> Identifier.of(new String[0], t))
          .toArray(Identifier[]::new);
    } catch (IOException e) {
      throw Errors.cannot("list feature types", String.valueOf(e.getMessage()), null, e);
    }
  }

  @Override
  public boolean tableExists(Identifier ident) {
    try {
      return ident.namespace().length == 0 && List.of(store().getTypeNames()).contains(ident.name());
    } catch (IOException e) {
      throw Errors.cannot("list feature types", String.valueOf(e.getMessage()), null, e);
    }
  }

  /**
   * The table of a feature type. A type that does not exist yet loads as an empty table that a
   * write creates from its DataFrame's schema (so appending to a new type works, as with files);
   * reading it fails naming the types there are.
   */
  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    if (ident.namespace().length != 0) {
      throw new NoSuchTableException(ident);
    }
    return GeoTable.of(params, ident.name(), tableExists(ident));
  }

  @Override
  public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException {
    if (tableExists(ident)) {
      throw new TableAlreadyExistsException(ident);
    }
    try {
      store().createSchema(WriteSchemas.featureType(ident.name(), schema, WriteSchemas.srid(properties)));
    } catch (IOException e) {
      throw Errors.cannot("create feature type '" + ident.name() + "'", String.valueOf(e.getMessage()), null, e);
    }
    return GeoTable.of(params, ident.name(), true);
  }

  /**
   * {@code CREATE TABLE ... AS SELECT} and a {@code df.write} to a new type: the type is created by
   * the write, with the write's options ({@code srid}), or by the commit when nothing was written; a
   * failed write leaves no type behind.
   */
  @Override
  public StagedTable stageCreate(Identifier ident, StructType schema, Transform[] partitions,
      Map<String, String> properties) throws TableAlreadyExistsException {
    if (tableExists(ident)) {
      throw new TableAlreadyExistsException(ident);
    }
    Map<String, String> options = new HashMap<>();
    properties.forEach((k, v) -> options.put(k.startsWith("option.") ? k.substring(7) : k, v));
    return new StagedGeoTable(params, ident.name(), schema, WriteSchemas.srid(options));
  }

  @Override
  public StagedTable stageReplace(Identifier ident, StructType schema, Transform[] partitions,
      Map<String, String> properties) {
    throw new UnsupportedOperationException(Errors.message("replace feature type '" + ident.name() + "'",
        "REPLACE TABLE is not supported; use INSERT OVERWRITE or df.write.mode(\"overwrite\")", null));
  }

  @Override
  public StagedTable stageCreateOrReplace(Identifier ident, StructType schema, Transform[] partitions,
      Map<String, String> properties) {
    return stageReplace(ident, schema, partitions, properties);
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw new UnsupportedOperationException(Errors.message("alter feature type '" + ident.name() + "'",
        "feature types cannot be altered; write a new type", null));
  }

  @Override
  public boolean dropTable(Identifier ident) {
    if (!tableExists(ident)) {
      return false;
    }
    try {
      store().removeSchema(ident.name());
      return true;
    } catch (IOException e) {
      throw Errors.cannot("drop feature type '" + ident.name() + "'", String.valueOf(e.getMessage()), null, e);
    }
  }

  @Override
  public void renameTable(Identifier from, Identifier to) {
    throw new UnsupportedOperationException(Errors.message("rename feature type '" + from.name() + "'",
        "feature types cannot be renamed", null));
  }
}
