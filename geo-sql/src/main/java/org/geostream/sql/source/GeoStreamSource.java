package org.geostream.sql.source;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
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
public final class GeoStreamSource implements TableProvider, DataSourceRegister {

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

  static SimpleFeatureType featureType(SourceOptions o) {
    return GeoToolsProvider.schema(StoreParams.open(o.storeParams()), o.typeName(), o.storeParams());
  }
}
