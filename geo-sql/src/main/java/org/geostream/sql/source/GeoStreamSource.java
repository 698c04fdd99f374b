package org.geostream.sql.source;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;
import org.apache.spark.sql.sources.RelationProvider;
import org.apache.spark.sql.sources.SchemaRelationProvider;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.SupportsCatalogOptions;
import org.geostream.sql.catalog.GeoStreamCatalog;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geostream.core.schema.FeatureSchemas;
import org.geostream.core.spi.GeoToolsProvider;
import org.geostream.core.spi.StoreParams;

/**
 * {@code spark.read.format("geostream").options(<store parameters>).option("feature", <type>)}:
 * any GeoTools feature store as a DataFrame, through Spark's DataSource V2 API. The schema is the
 * feature type's ({@code __fid__}, then the attributes; geometries as GeoStream types). Stateless.
 */
public final class GeoStreamSource implements SupportsCatalogOptions, DataSourceRegister, RelationProvider,
    SchemaRelationProvider, CreatableRelationProvider {

  @Override
  public String shortName() {
    return "geostream";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return FeatureSchemas.toStructType(featureType(SourceOptions.of(options)));
  }

  /**
   * True, so a write hands its DataFrame's schema to {@link #getTable} and a type that does not
   * exist yet can be created from it; reads infer the schema from the store as usual.
   */
  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    SourceOptions o = SourceOptions.of(new CaseInsensitiveStringMap(properties));
    return new GeoTable(o, schema);
  }

  /** The Spark schema of an existing type. */
  static StructType schema(SourceOptions o) {
    return FeatureSchemas.toStructType(featureType(o));
  }

  /** The feature type named by option {@code feature}. */
  @Override
  public Identifier extractIdentifier(CaseInsensitiveStringMap options) {
    return Identifier.of(new String[0], SourceOptions.of(options).typeName());
  }

  /**
   * A {@link GeoStreamCatalog} for the store the options name, registered in the session's
   * configuration under a name derived from the store's parameters (the same store, the same
   * catalog), so that {@code DataFrameWriter} gives every SaveMode its meaning: ErrorIfExists
   * (the default) and Ignore check whether the type exists, Append and Overwrite write into it.
   */
  @Override
  public String extractCatalog(CaseInsensitiveStringMap options) {
    Map<String, String> params = new java.util.TreeMap<>(SourceOptions.of(options).storeParams());
    String name = "geostream_" + Integer.toHexString(params.hashCode());
    org.apache.spark.sql.RuntimeConfig conf = SparkSession.active().conf();
    String key = "spark.sql.catalog." + name;
    if (!conf.contains(key)) {
      params.forEach((k, v) -> conf.set(key + "." + k, v));
      conf.set(key, GeoStreamCatalog.class.getName());
    }
    return name;
  }

  /**
   * The type as a session-catalog table ({@code CREATE TABLE ... USING geostream OPTIONS (...)}),
   * which Spark 3.5 resolves through this older interface; reads and writes go to the V2 source.
   */
  @Override
  public BaseRelation createRelation(SQLContext sqlContext, scala.collection.immutable.Map<String, String> parameters) {
    Map<String, String> options = scala.collection.JavaConverters.mapAsJavaMap(parameters);
    return new GeoRelation(sqlContext, Map.copyOf(options), schema(SourceOptions.of(new CaseInsensitiveStringMap(options))));
  }

  /**
   * A session-catalog table with the schema the catalog holds: how Spark reads a table created
   * earlier, and how {@code CREATE TABLE ... USING geostream OPTIONS (...) AS SELECT} writes into a
   * type that its first write creates (with the SRIDs of the query's geometry columns).
   */
  @Override
  public BaseRelation createRelation(SQLContext sqlContext, scala.collection.immutable.Map<String, String> parameters,
      StructType schema) {
    Map<String, String> options = scala.collection.JavaConverters.mapAsJavaMap(parameters);
    SourceOptions.of(new CaseInsensitiveStringMap(options));
    return new GeoRelation(sqlContext, Map.copyOf(options), schema);
  }

  /** Writes {@code data}, then the table (the V1 write path, used when Spark asks for it). */
  @Override
  public BaseRelation createRelation(SQLContext sqlContext, SaveMode mode,
      scala.collection.immutable.Map<String, String> parameters, Dataset<Row> data) {
    Map<String, String> options = scala.collection.JavaConverters.mapAsJavaMap(parameters);
    WriteSchemas.withRowSrids(data).write().format("geostream").options(options).mode(mode).save();
    return createRelation(sqlContext, parameters);
  }

  static SimpleFeatureType featureType(SourceOptions o) {
    return GeoToolsProvider.schema(StoreParams.open(o.storeParams()), o.typeName(), o.storeParams());
  }
}
