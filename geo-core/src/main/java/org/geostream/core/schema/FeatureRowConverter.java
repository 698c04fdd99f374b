package org.geostream.core.schema;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.geostream.types.Errors;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.geotools.api.feature.type.GeometryDescriptor;
import org.geotools.feature.simple.SimpleFeatureBuilder;
import org.geostream.core.feature.SerializableFeature;
import org.geotools.util.factory.Hints;

/**
 * Converts features of one feature type to and from Spark rows of one schema, fast: everything
 * that depends on the schema (field-to-attribute matching, per-column value converters, SRIDs) is
 * worked out once in {@link #of}, and each row is then a loop over an {@code Object[]}.
 *
 * <p>Row values are what Spark's {@code Row} holds for each type: JTS geometries (as the geometry
 * UDTs deserialize them), {@code java.sql.Timestamp} for timestamps, {@code java.sql.Date} for
 * dates, strings for UUIDs, scala {@code Seq} for arrays and scala {@code Map} for maps. Reading
 * also accepts {@code Instant}/{@code LocalDate} (Spark's Java 8 time API), java lists and maps.
 * A geometry whose SRID is 0 gets its column's SRID (from the attribute's CRS) on a copy, so
 * shared geometry objects are never changed. {@link #toInternalRow} and {@link #fromInternalRow}
 * convert to and from Catalyst rows (geometries as EWKB bytes), for DataSource V2 readers and
 * writers.
 *
 * <p>Features are built as {@link SerializableFeature} (so RDDs of them work with Java
 * serialization too) without validation. A feature read from a row
 * with a non-null {@value FeatureSchemas#FID_FIELD} keeps that id and is marked {@link
 * Hints#USE_PROVIDED_FID} so stores keep it too; without one it gets a generated id.
 *
 * <p>Immutable and thread-safe. Serializable (the feature type travels as its {@link
 * FeatureTypes#encode JSON form}), so it can be used inside Spark closures.
 */
public final class FeatureRowConverter implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  private static final int FID = -2;
  private static final int ABSENT = -1;

  private final transient SimpleFeatureType sft;
  /** The row layout; serialized through {@link Form}. */
  private final StructType schema;
  /** Per schema field: the attribute index, {@link #FID} or {@link #ABSENT}. */
  private final transient int[] attributeOfField;
  /** Per attribute: the schema field index or {@link #ABSENT}. */
  private final transient int[] fieldOfAttribute;
  /** Per attribute: its converter (null when the attribute has no field). */
  private final transient ValueConverter[] converters;
  private final transient int fidField;

  private FeatureRowConverter(SimpleFeatureType sft, StructType schema) {
    this.sft = sft;
    this.schema = schema;
    int n = sft.getAttributeCount();
    this.attributeOfField = new int[schema.size()];
    this.fieldOfAttribute = new int[n];
    this.converters = new ValueConverter[n];
    java.util.Arrays.fill(fieldOfAttribute, ABSENT);
    int fid = ABSENT;
    StructField[] fields = schema.fields();
    for (int f = 0; f < fields.length; f++) {
      String name = fields[f].name();
      if (name.equals(FeatureSchemas.FID_FIELD)) {
        attributeOfField[f] = FID;
        fid = f;
        continue;
      }
      int a = sft.indexOf(name);
      attributeOfField[f] = a < 0 ? ABSENT : a;
      if (a >= 0) {
        fieldOfAttribute[a] = f;
        converters[a] = converter(sft.getDescriptor(a), fields[f].dataType());
      }
    }
    this.fidField = fid;
  }

  private static ValueConverter converter(AttributeDescriptor d, DataType type) {
    int srid = d instanceof GeometryDescriptor g ? FeatureTypes.srid(g.getCoordinateReferenceSystem()) : 0;
    ValueConverter c = ValueConverter.of(d.getType().getBinding(), type, FeatureTypes.listType(d),
        FeatureTypes.mapKeyType(d), FeatureTypes.mapValueType(d), srid);
    if (c == null) {
      throw Errors.cannot("convert between features and rows", "attribute '" + d.getLocalName() + "' of type "
          + AttributeTypes.nameOf(d.getType().getBinding()) + " does not fit Spark type '"
          + type.simpleString() + "'", d.getLocalName());
    }
    return c;
  }

  /** A converter for {@code sft} and its own schema, {@link FeatureSchemas#toStructType}. */
  public static FeatureRowConverter of(SimpleFeatureType sft) {
    return new FeatureRowConverter(sft, FeatureSchemas.toStructType(sft));
  }

  /**
   * A converter between features of {@code sft} and rows of {@code schema}, matching fields to
   * attributes by name. Fields without an attribute read as null; attributes without a field are
   * null in the features read.
   *
   * @throws org.geostream.types.GeoStreamException naming the attribute whose binding does not fit
   *     its field's Spark type
   */
  public static FeatureRowConverter of(SimpleFeatureType sft, StructType schema) {
    return new FeatureRowConverter(sft, schema);
  }

  /** The feature type. */
  public SimpleFeatureType featureType() {
    return sft;
  }

  /** The Spark schema of the rows. */
  public StructType schema() {
    return schema;
  }

  // ---------------------------------------------------------------- Row

  /** The row of {@code feature}, in the layout of {@link #schema()}. Null attributes give null. */
  public Row toRow(SimpleFeature feature) {
    Object[] out = new Object[attributeOfField.length];
    for (int f = 0; f < out.length; f++) {
      int a = attributeOfField[f];
      if (a >= 0) {
        Object v = feature.getAttribute(a);
        out[f] = v == null ? null : converters[a].toRow(v);
      } else if (a == FID) {
        out[f] = feature.getID();
      }
    }
    return RowFactory.create(out);
  }

  /** The feature held by {@code row}, read by position in the layout of {@link #schema()}. */
  public SimpleFeature toFeature(Row row) {
    Object[] values = new Object[converters.length];
    for (int a = 0; a < values.length; a++) {
      int f = fieldOfAttribute[a];
      if (f >= 0) {
        Object v = row.get(f);
        values[a] = v == null ? null : converters[a].fromRow(v);
      }
    }
    return feature(values, fidField < 0 ? null : row.getString(fidField));
  }

  // ---------------------------------------------------------------- InternalRow

  /** The Catalyst row of {@code feature}, in the layout of {@link #schema()}. */
  public InternalRow toInternalRow(SimpleFeature feature) {
    Object[] out = new Object[attributeOfField.length];
    for (int f = 0; f < out.length; f++) {
      int a = attributeOfField[f];
      if (a >= 0) {
        Object v = feature.getAttribute(a);
        out[f] = v == null ? null : converters[a].toInternal(v);
      } else if (a == FID) {
        out[f] = UTF8String.fromString(feature.getID());
      }
    }
    return new GenericInternalRow(out);
  }

  /** The feature held by a Catalyst row in the layout of {@link #schema()}. */
  public SimpleFeature fromInternalRow(InternalRow row) {
    Object[] values = new Object[converters.length];
    StructField[] fields = schema.fields();
    for (int a = 0; a < values.length; a++) {
      int f = fieldOfAttribute[a];
      if (f >= 0 && !row.isNullAt(f)) {
        values[a] = converters[a].fromInternal(row.get(f, fields[f].dataType()));
      }
    }
    String fid = fidField < 0 || row.isNullAt(fidField) ? null : row.getUTF8String(fidField).toString();
    return feature(values, fid);
  }

  private SimpleFeature feature(Object[] values, String fid) {
    SimpleFeature feature = new SerializableFeature(values, sft,
        fid == null ? SimpleFeatureBuilder.createDefaultFeatureId() : fid);
    if (fid != null) {
      feature.getUserData().put(Hints.USE_PROVIDED_FID, Boolean.TRUE);
    }
    return feature;
  }

  /** The type name and the schema's field names, for logs. */
  @Override
  public String toString() {
    List<String> names = java.util.Arrays.asList(schema.fieldNames());
    return "FeatureRowConverter[" + sft.getTypeName() + " <-> " + names + "]";
  }

  // ---------------------------------------------------------------- serialization

  /** Replaces this converter by its serializable {@link Form}. */
  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Form(FeatureTypes.encode(sft), schema);
  }

  /** The serialized form: the feature type as JSON and the schema. */
  private record Form(String featureType, StructType schema) implements Serializable {
    @Serial
    private Object readResolve() throws ObjectStreamException {
      return new FeatureRowConverter(FeatureTypes.decode(featureType), schema);
    }
  }
}
