package org.geostream.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.geostream.core.schema.FeatureFixtures.assertSameFeature;
import static org.geostream.core.schema.FeatureFixtures.assertSameType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.geostream.GeoTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.geostream.core.kryo.TestSpark;
import org.geostream.types.GeoStreamException;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.GeometryDescriptor;
import org.geotools.feature.simple.SimpleFeatureBuilder;
import org.geotools.feature.simple.SimpleFeatureTypeBuilder;
import org.geotools.referencing.CRS;
import org.geotools.util.factory.Hints;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

class FeatureSchemasTest {
  private static final SimpleFeatureType ALL = FeatureFixtures.allTypes();

  @Test
  void mapsEveryBindingToItsSparkType() {
    StructType schema = FeatureSchemas.toStructType(ALL);
    StructField fid = schema.fields()[0];
    assertThat(fid.name()).isEqualTo("__fid__");
    assertThat(fid.dataType()).isEqualTo(DataTypes.StringType);
    assertThat(fid.nullable()).isFalse();
    assertThat(fid.metadata().getString(FeatureSchemas.META_TYPE_NAME)).isEqualTo("all");
    Map<String, DataType> expected = new java.util.LinkedHashMap<>();
    expected.put("s", DataTypes.StringType);
    expected.put("i", DataTypes.IntegerType);
    expected.put("l", DataTypes.LongType);
    expected.put("f", DataTypes.FloatType);
    expected.put("d", DataTypes.DoubleType);
    expected.put("b", DataTypes.BooleanType);
    expected.put("sh", DataTypes.ShortType);
    expected.put("by", DataTypes.ByteType);
    expected.put("dtg", DataTypes.TimestampType);
    expected.put("ts", DataTypes.TimestampType);
    expected.put("u", DataTypes.StringType);
    expected.put("raw", DataTypes.BinaryType);
    expected.put("dec", DataTypes.createDecimalType(38, 18));
    expected.put("tags", DataTypes.createArrayType(DataTypes.StringType, true));
    expected.put("nums", DataTypes.createArrayType(DataTypes.IntegerType, true));
    expected.put("times", DataTypes.createArrayType(DataTypes.TimestampType, true));
    expected.put("props", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, true));
    expected.put("geom", GeoTypes.POINT);
    expected.put("line", GeoTypes.LINESTRING);
    expected.put("poly", GeoTypes.POLYGON);
    expected.put("mpt", GeoTypes.MULTIPOINT);
    expected.put("mline", GeoTypes.MULTILINESTRING);
    expected.put("mpoly", GeoTypes.MULTIPOLYGON);
    expected.put("coll", GeoTypes.GEOMETRYCOLLECTION);
    expected.put("any", GeoTypes.GEOMETRY);
    assertThat(schema.fieldNames()).containsExactlyElementsOf(
        java.util.stream.Stream.concat(java.util.stream.Stream.of("__fid__"), expected.keySet().stream()).toList());
    expected.forEach((name, type) -> assertThat(schema.apply(name).dataType()).as(name).isEqualTo(type));
    Metadata geom = schema.apply("geom").metadata();
    assertThat(geom.getLong(FeatureSchemas.META_SRID)).isEqualTo(4326);
    assertThat(geom.getBoolean(FeatureSchemas.META_DEFAULT_GEOMETRY)).isTrue();
    assertThat(schema.apply("line").metadata().getLong(FeatureSchemas.META_SRID)).isEqualTo(3857);
    assertThat(schema.apply("u").metadata().getString(FeatureSchemas.META_BINDING)).isEqualTo("UUID");
    assertThat(schema.apply("s").nullable()).isTrue();
  }

  @Test
  void schemaRoundTripsToTheSameFeatureType() throws Exception {
    assertSameType(FeatureSchemas.toFeatureType(FeatureSchemas.toStructType(ALL)), ALL);

    SimpleFeatureTypeBuilder b = new SimpleFeatureTypeBuilder();
    b.setName("ships");
    b.setNamespaceURI("urn:geostream:test");
    b.nillable(false).add("name", String.class);
    b.add("track", LineString.class, CRS.decode("EPSG:4326"));
    b.add("area", Polygon.class, CRS.parseWKT(FeatureTypesTest.CUSTOM_WKT));
    b.add("pos", Point.class, CRS.decode("EPSG:3857"));
    b.setDefaultGeometry("pos");
    SimpleFeatureType ships = b.buildFeatureType();
    ships.getUserData().put("owner", "geo");
    ships.getDescriptor("name").getUserData().put("index", "true");
    StructType schema = FeatureSchemas.toStructType(ships);
    assertThat(schema.apply("name").nullable()).isFalse();
    assertThat(schema.apply("track").metadata().getBoolean(FeatureSchemas.META_LATITUDE_FIRST)).isTrue();
    assertThat(schema.apply("area").metadata().getString(FeatureSchemas.META_CRS)).startsWith("PROJCS[");
    assertSameType(FeatureSchemas.toFeatureType(schema), ships);
    // the metadata survives Spark's JSON form of schemas (what Parquet footers and catalogs keep)
    assertSameType(FeatureSchemas.toFeatureType((StructType) DataType.fromJson(schema.json())), ships);
    assertThat(FeatureSchemas.toFeatureType("renamed", schema).getTypeName()).isEqualTo("renamed");
  }

  @Test
  void plainSparkSchemaGivesASensibleFeatureType() {
    StructType plain = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("name", DataTypes.StringType)
        .add("time", DataTypes.TimestampType)
        .add("day", DataTypes.DateType)
        .add("shape", GeoTypes.GEOMETRY)
        .add("pos", GeoTypes.POINT)
        .add("tags", DataTypes.createArrayType(DataTypes.StringType))
        .add("scores", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
        .add("amount", DataTypes.createDecimalType(10, 2))
        .add("blob", DataTypes.BinaryType);
    SimpleFeatureType sft = FeatureSchemas.toFeatureType(plain);
    assertThat(sft.getTypeName()).isEqualTo(FeatureSchemas.DEFAULT_TYPE_NAME);
    assertThat(FeatureTypes.toSpec(sft)).isEqualTo("id:Long,name:String,time:Date,day:Date,*shape:Geometry,pos:Point,"
        + "tags:List[String],scores:Map[String,Double],amount:Decimal,blob:Bytes");
    assertThat(sft.getDescriptor("id").isNillable()).isFalse();
    assertThat(((GeometryDescriptor) sft.getDescriptor("pos")).getCoordinateReferenceSystem()).isNull();
  }

  @Test
  void staleMetadataYieldsToTheSparkType() {
    StructType schema = FeatureSchemas.toStructType(ALL);
    // as after a cast that kept the column's metadata: an Integer attribute now holding strings
    StructField i = schema.apply("i");
    StructType changed = schema.add(new StructField("i2", DataTypes.StringType, true, i.metadata()));
    assertThat(FeatureSchemas.toFeatureType(changed).getDescriptor("i2").getType().getBinding()).isEqualTo(String.class);
  }

  @Test
  void unsupportedSparkTypesNameTheField() {
    StructType nested = new StructType().add("ok", DataTypes.StringType)
        .add("inner", new StructType().add("a", DataTypes.IntegerType));
    assertThatThrownBy(() -> FeatureSchemas.toFeatureType(nested))
        .isInstanceOf(GeoStreamException.class)
        .hasMessageStartingWith("Cannot convert Spark schema to feature type: unsupported Spark type "
            + "'struct<a:int>' at field 'inner'");
    SimpleFeatureTypeBuilder b = new SimpleFeatureTypeBuilder();
    b.setName("t");
    b.add("list", List.class);
    assertThatThrownBy(() -> FeatureSchemas.toStructType(b.buildFeatureType()))
        .hasMessage("Cannot convert feature type to Spark schema: no list/map element type at attribute 'list': 'list'");
  }

  @Test
  void rowsRoundTripEveryType() {
    FeatureRowConverter c = FeatureRowConverter.of(ALL);
    SimpleFeature f = FeatureFixtures.full(ALL, 3);
    Row row = c.toRow(f);
    assertThat(row.size()).isEqualTo(ALL.getAttributeCount() + 1);
    assertThat(row.getString(0)).isEqualTo("fid-3");
    assertThat(row.get(c.schema().fieldIndex("dtg"))).isInstanceOf(Timestamp.class);
    assertThat(row.get(c.schema().fieldIndex("u"))).isEqualTo(f.getAttribute("u").toString());
    assertThat(row.get(c.schema().fieldIndex("tags"))).isInstanceOf(scala.collection.Seq.class);
    assertThat(row.getList(c.schema().fieldIndex("times")).get(0)).isInstanceOf(Timestamp.class);
    assertThat(row.get(c.schema().fieldIndex("props"))).isInstanceOf(scala.collection.Map.class);
    assertThat(row.getJavaMap(c.schema().fieldIndex("props"))).containsEntry("a", 3).containsEntry("b", null);
    assertThat(((Geometry) row.get(c.schema().fieldIndex("geom"))).getSRID()).isEqualTo(4326);

    SimpleFeature back = c.toFeature(row);
    assertSameFeature(back, f);
    assertThat(back.getUserData()).containsEntry(Hints.USE_PROVIDED_FID, Boolean.TRUE);
    assertSameFeature(FeatureSchemas.toFeature(FeatureSchemas.toRow(f, c.schema()), ALL), f);
  }

  @Test
  void nullsAndEmptyCollectionsRoundTrip() {
    FeatureRowConverter c = FeatureRowConverter.of(ALL);
    SimpleFeature f = FeatureFixtures.empty(ALL, "empty");
    Row row = c.toRow(f);
    assertThat(row.isNullAt(c.schema().fieldIndex("s"))).isTrue();
    assertThat(row.getList(c.schema().fieldIndex("tags"))).isEmpty();
    assertThat(row.getJavaMap(c.schema().fieldIndex("props"))).isEmpty();
    assertSameFeature(c.toFeature(row), f);
    assertSameFeature(c.fromInternalRow(c.toInternalRow(f)), f);
  }

  @Test
  void internalRowsRoundTripEveryType() {
    FeatureRowConverter c = FeatureRowConverter.of(ALL);
    SimpleFeature f = FeatureFixtures.full(ALL, 7);
    InternalRow row = c.toInternalRow(f);
    assertThat(row.getUTF8String(0).toString()).isEqualTo("fid-7");
    assertThat(row.getBinary(c.schema().fieldIndex("geom"))).hasSize(25);
    assertSameFeature(c.fromInternalRow(row), f);
  }

  @Test
  void geometriesWithoutSridTakeTheColumnsOnACopy() {
    SimpleFeatureType sft = FeatureTypes.parseSpec("t", "*geom:Point:srid=4326");
    Geometry shared = FeatureFixtures.wkt("POINT (1 2)", 0);
    SimpleFeature f = SimpleFeatureBuilder.build(sft, new Object[] {shared}, "a");
    FeatureRowConverter c = FeatureRowConverter.of(sft);
    assertThat(((Geometry) c.toRow(f).get(1)).getSRID()).isEqualTo(4326);
    assertThat(((Geometry) c.toFeature(RowFactory.create("a", shared)).getDefaultGeometry()).getSRID()).isEqualTo(4326);
    assertThat(shared.getSRID()).isZero();
  }

  @Test
  void convertsBetweenDifferentLayoutsByName() {
    SimpleFeatureType sft = FeatureTypes.parseSpec("t", "name:String,n:Integer,*geom:Point:srid=4326");
    StructType other = new StructType()
        .add("geom", GeoTypes.POINT)
        .add("extra", DataTypes.StringType)
        .add("n", DataTypes.LongType)
        .add("__fid__", DataTypes.StringType);
    FeatureRowConverter c = FeatureRowConverter.of(sft, other);
    SimpleFeature f = SimpleFeatureBuilder.build(sft, new Object[] {"x", 5, FeatureFixtures.wkt("POINT (1 2)", 4326)}, "id1");
    Row row = c.toRow(f);
    assertThat(row.get(1)).isNull();
    assertThat(row.get(2)).isEqualTo(5L);
    assertThat(row.getString(3)).isEqualTo("id1");
    SimpleFeature back = c.toFeature(row);
    assertThat(back.getAttribute("name")).isNull();
    assertThat(back.getAttribute("n")).isEqualTo(5);
    assertThat(back.getID()).isEqualTo("id1");

    SimpleFeature noFid = FeatureRowConverter.of(sft, new StructType().add("name", DataTypes.StringType))
        .toFeature(RowFactory.create("y"));
    assertThat(noFid.getID()).startsWith("fid-");
    assertThat(noFid.getUserData()).doesNotContainKey(Hints.USE_PROVIDED_FID);

    assertThatThrownBy(() -> FeatureRowConverter.of(sft, new StructType().add("n", DataTypes.StringType)))
        .hasMessage("Cannot convert between features and rows: attribute 'n' of type Integer does not fit Spark type 'string': 'n'");
  }

  @Test
  void readsJava8TimeValues() {
    StructType schema = new StructType().add("t", DataTypes.TimestampType).add("d", DataTypes.DateType);
    SimpleFeatureType sft = FeatureSchemas.toFeatureType(schema);
    FeatureRowConverter c = FeatureRowConverter.of(sft, schema);
    SimpleFeature f = c.toFeature(RowFactory.create(Instant.ofEpochMilli(1234), LocalDate.of(2024, 2, 29)));
    assertThat(f.getAttribute("t")).isEqualTo(new Date(1234));
    assertThat(f.getAttribute("d")).isEqualTo(new Date(java.sql.Date.valueOf("2024-02-29").getTime()));
    assertThat(c.toRow(f).get(1)).isEqualTo(java.sql.Date.valueOf("2024-02-29"));
  }

  @Test
  void converterIsJavaSerializable() throws Exception {
    FeatureRowConverter c = FeatureRowConverter.of(ALL);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    FeatureRowConverter back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (FeatureRowConverter) in.readObject();
    }
    assertThat(back.schema()).isEqualTo(c.schema());
    assertSameType(back.featureType(), ALL);
    SimpleFeature f = FeatureFixtures.full(ALL, 1);
    assertSameFeature(back.toFeature(c.toRow(f)), f);
  }

  @Test
  void rowsSurviveADataFrame() {
    FeatureRowConverter c = FeatureRowConverter.of(ALL);
    List<Row> rows = new ArrayList<>();
    List<SimpleFeature> features = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SimpleFeature f = i == 7 ? FeatureFixtures.empty(ALL, "fid-7") : FeatureFixtures.full(ALL, i);
      features.add(f);
      rows.add(c.toRow(f));
    }
    Dataset<Row> df = TestSpark.get().createDataFrame(rows, c.schema());
    assertThat(df.schema()).isEqualTo(c.schema());
    assertSameType(FeatureSchemas.toFeatureType(df.schema()), ALL);
    List<Row> back = df.orderBy("__fid__").collectAsList();
    features.sort(java.util.Comparator.comparing(SimpleFeature::getID));
    for (int i = 0; i < features.size(); i++) {
      assertSameFeature(FeatureSchemas.toFeature(back.get(i), ALL), features.get(i));
    }
    assertThat(df.filter("i < -10 AND size(tags) = 3").count()).isEqualTo(9);
    assertThat(((ArrayType) df.schema().apply("times").dataType()).elementType()).isEqualTo(DataTypes.TimestampType);
    assertThat(((MapType) df.schema().apply("props").dataType()).valueType()).isEqualTo(DataTypes.IntegerType);
    assertThat(df.selectExpr("sum(dec)").first().getDecimal(0)).isEqualByComparingTo(
        new BigDecimal("12345.6789").multiply(BigDecimal.valueOf(19)).add(BigDecimal.valueOf(190 - 7)));
  }
}
