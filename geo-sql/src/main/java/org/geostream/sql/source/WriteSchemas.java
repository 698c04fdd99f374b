package org.geostream.sql.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.geostream.GeometryUDT;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geostream.core.schema.FeatureSchemas;
import org.locationtech.jts.geom.Geometry;

/**
 * The feature type a write creates from a DataFrame's schema, with the SRID of each geometry column
 * reaching the type's CRS. A column's SRID comes from, in this order: its field metadata
 * ({@code geostream.srid}, which columns read from a feature store carry), the write option
 * {@code srid}, or, where the rows are at hand ({@code CREATE TABLE ... USING geostream AS SELECT},
 * {@code INSERT INTO} a session-catalog table), the SRID of the column's first non-null geometry.
 * Without any of these the type has no CRS and reads back SRID 0. Stateless.
 */
public final class WriteSchemas {
  private WriteSchemas() {}

  /** The feature type {@code name} for {@code schema}, geometry columns without an SRID given {@code srid}. */
  public static SimpleFeatureType featureType(String name, StructType schema, Integer srid) {
    return FeatureSchemas.toFeatureType(name, withSrid(schema, srid));
  }

  /**
   * Option (or table property) {@code srid} of {@code options}, or null when absent.
   *
   * @throws org.geostream.types.GeoStreamException when it is not a positive integer
   */
  public static Integer srid(java.util.Map<String, String> options) {
    return SourceOptions.srid(new org.apache.spark.sql.util.CaseInsensitiveStringMap(options));
  }

  /** {@code schema} with {@code srid} in the metadata of geometry columns that have no SRID; as is when null. */
  static StructType withSrid(StructType schema, Integer srid) {
    if (srid == null) {
      return schema;
    }
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      if (f.dataType() instanceof GeometryUDT && !hasSrid(f)) {
        Metadata m = new MetadataBuilder().withMetadata(f.metadata()).putLong(FeatureSchemas.META_SRID, srid).build();
        fields[i] = new StructField(f.name(), f.dataType(), f.nullable(), m);
      }
    }
    return new StructType(fields);
  }

  private static boolean hasSrid(StructField f) {
    return (f.metadata().contains(FeatureSchemas.META_SRID) && f.metadata().getLong(FeatureSchemas.META_SRID) != 0)
        || f.metadata().contains(FeatureSchemas.META_CRS);
  }

  /**
   * {@code data} with each geometry column that has no SRID in its metadata labelled with the SRID
   * of its first non-null geometry (one small job reading up to one row per column); unchanged when
   * there is no such column or the geometries have SRID 0.
   */
  public static Dataset<Row> withRowSrids(Dataset<Row> data) {
    List<String> columns = new ArrayList<>();
    for (StructField f : data.schema().fields()) {
      if (f.dataType() instanceof GeometryUDT && !hasSrid(f)) {
        columns.add(f.name());
      }
    }
    Dataset<Row> out = data;
    for (String c : columns) {
      List<Row> first = data.select(data.col(c)).where(data.col(c).isNotNull()).limit(1).collectAsList();
      if (first.isEmpty() || !(first.get(0).get(0) instanceof Geometry g) || g.getSRID() == 0) {
        continue;
      }
      StructField f = data.schema().apply(c);
      Metadata m = new MetadataBuilder().withMetadata(f.metadata()).putLong(FeatureSchemas.META_SRID, g.getSRID())
          .build();
      out = out.withColumn(c, new Column(c).as(c, m));
    }
    return out;
  }
}
