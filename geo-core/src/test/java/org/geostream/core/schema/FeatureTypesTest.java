package org.geostream.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.geostream.core.schema.FeatureFixtures.assertSameType;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.geostream.types.GeoStreamException;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.GeometryDescriptor;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.feature.AttributeTypeBuilder;
import org.geotools.feature.simple.SimpleFeatureTypeBuilder;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

class FeatureTypesTest {
  /** A transverse Mercator without EPSG code; 33.3 does not survive GeoTools' WKT formatting exactly. */
  static final String CUSTOM_WKT = "PROJCS[\"custom tm\", GEOGCS[\"WGS 84\", DATUM[\"WGS_1984\","
      + " SPHEROID[\"WGS 84\",6378137,298.257223563]], PRIMEM[\"Greenwich\",0],"
      + " UNIT[\"degree\",0.0174532925199433]], PROJECTION[\"Transverse_Mercator\"],"
      + " PARAMETER[\"latitude_of_origin\",10], PARAMETER[\"central_meridian\",33.3],"
      + " PARAMETER[\"scale_factor\",0.9996], PARAMETER[\"false_easting\",500000],"
      + " PARAMETER[\"false_northing\",0], UNIT[\"metre\",1]]";

  @Test
  void parsesEveryAttributeTypeOfTheSpec() {
    SimpleFeatureType sft = FeatureFixtures.allTypes();
    Map<String, Class<?>> expected = new java.util.LinkedHashMap<>();
    expected.put("s", String.class);
    expected.put("i", Integer.class);
    expected.put("l", Long.class);
    expected.put("f", Float.class);
    expected.put("d", Double.class);
    expected.put("b", Boolean.class);
    expected.put("sh", Short.class);
    expected.put("by", Byte.class);
    expected.put("dtg", Date.class);
    expected.put("ts", Timestamp.class);
    expected.put("u", UUID.class);
    expected.put("raw", byte[].class);
    expected.put("dec", BigDecimal.class);
    expected.put("tags", List.class);
    expected.put("nums", List.class);
    expected.put("times", List.class);
    expected.put("props", Map.class);
    expected.put("geom", Point.class);
    expected.put("line", LineString.class);
    expected.put("poly", Polygon.class);
    expected.put("mpt", MultiPoint.class);
    expected.put("mline", MultiLineString.class);
    expected.put("mpoly", MultiPolygon.class);
    expected.put("coll", GeometryCollection.class);
    expected.put("any", Geometry.class);
    assertThat(sft.getAttributeDescriptors()).extracting(d -> d.getLocalName()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((name, binding) -> assertThat(sft.getDescriptor(name).getType().getBinding()).as(name).isEqualTo(binding));
    assertThat(sft.getDescriptor("tags").getUserData()).containsEntry(FeatureTypes.USER_DATA_LIST_TYPE, "java.lang.String");
    assertThat(FeatureTypes.listType(sft.getDescriptor("times"))).isEqualTo(Date.class);
    assertThat(FeatureTypes.mapKeyType(sft.getDescriptor("props"))).isEqualTo(String.class);
    assertThat(FeatureTypes.mapValueType(sft.getDescriptor("props"))).isEqualTo(Integer.class);
    assertThat(sft.getGeometryDescriptor().getLocalName()).isEqualTo("geom");
    assertThat(FeatureTypes.srid(sft.getGeometryDescriptor().getCoordinateReferenceSystem())).isEqualTo(4326);
    assertThat(CRS.getAxisOrder(sft.getCoordinateReferenceSystem())).isEqualTo(CRS.AxisOrder.EAST_NORTH);
    assertThat(FeatureTypes.srid(((GeometryDescriptor) sft.getDescriptor("line")).getCoordinateReferenceSystem())).isEqualTo(3857);
    assertThat(((GeometryDescriptor) sft.getDescriptor("poly")).getCoordinateReferenceSystem()).isNull();
  }

  @Test
  void parsesTheBriefExampleWithAliasesAndUserData() {
    SimpleFeatureType sft = FeatureTypes.parseSpec("people",
        "name:String,age:Int,dtg:Date,*geom:Point:srid=4326,tags:List[String],props:Map[String,Integer]");
    assertThat(sft.getTypeName()).isEqualTo("people");
    assertThat(sft.getDescriptor("age").getType().getBinding()).isEqualTo(Integer.class);
    assertThat(sft.getDescriptor("props").getUserData())
        .containsEntry(FeatureTypes.USER_DATA_MAP_KEY_TYPE, "java.lang.String")
        .containsEntry(FeatureTypes.USER_DATA_MAP_VALUE_TYPE, "java.lang.Integer");

    SimpleFeatureType withOptions = FeatureTypes.parseSpec("t",
        " name : string : index=true , g:point:srid=3857:note='a, b: c=d ''quoted''' , *g2:Polygon;"
            + "geomesa.index.dtg=dtg,comment='x;y'");
    assertThat(withOptions.getDescriptor("name").getUserData()).containsEntry("index", "true");
    assertThat(withOptions.getDescriptor("g").getUserData()).containsEntry("note", "a, b: c=d 'quoted'");
    assertThat(withOptions.getGeometryDescriptor().getLocalName()).isEqualTo("g2");
    assertThat(withOptions.getUserData()).containsEntry("geomesa.index.dtg", "dtg").containsEntry("comment", "x;y");
  }

  @Test
  void firstGeometryIsTheDefaultWithoutAStar() {
    SimpleFeatureType sft = FeatureTypes.parseSpec("t", "name:String,a:LineString,b:Point");
    assertThat(sft.getGeometryDescriptor().getLocalName()).isEqualTo("a");
    assertThat(FeatureTypes.parseSpec("t", "name:String").getGeometryDescriptor()).isNull();
    assertThat(FeatureTypes.parseSpec("t", "").getAttributeCount()).isZero();
  }

  @Test
  void specRoundTrips() {
    SimpleFeatureType sft = FeatureFixtures.allTypes();
    sft.getUserData().put("geomesa.index.dtg", "dtg");
    sft.getDescriptor("s").getUserData().put("index", "full, with: specials='yes'");
    String spec = FeatureTypes.toSpec(sft);
    assertThat(spec).startsWith("s:String:index='full, with: specials=''yes''',i:Integer,l:Long")
        .endsWith(";geomesa.index.dtg=dtg").contains("*geom:Point:srid=4326", "tags:List[String]",
        "props:Map[String,Integer]", "line:LineString:srid=3857");
    SimpleFeatureType back = FeatureTypes.parseSpec("all", spec);
    assertSameType(back, sft);
    assertThat(FeatureTypes.toSpec(back)).isEqualTo(spec);
  }

  @Test
  void specCarriesANonEpsgCrsAsWkt() throws Exception {
    SimpleFeatureType sft = typeWith(CRS.parseWKT(CUSTOM_WKT));
    String spec = FeatureTypes.toSpec(sft);
    assertThat(spec).contains(":crs='PROJCS[");
    assertSameType(FeatureTypes.parseSpec(sft.getTypeName(), spec), sft);
  }

  @Test
  void jsonRoundTripsEveryAttributeType() {
    SimpleFeatureType sft = FeatureFixtures.allTypes();
    String json = FeatureTypes.encode(sft);
    assertThat(json).contains("\"type\":\"Point\"", "\"srid\":4326", "\"subtype\":\"java.lang.String\"");
    SimpleFeatureType back = FeatureTypes.decode(json);
    assertSameType(back, sft);
    assertThat(FeatureTypes.encode(back)).isEqualTo(json);
  }

  @Test
  void jsonKeepsCrsOfEveryKind() throws Exception {
    CoordinateReferenceSystem[] crss = {
      CRS.decode("EPSG:4326", true), CRS.decode("EPSG:4326"), DefaultGeographicCRS.WGS84,
      CRS.decode("EPSG:3857"), CRS.parseWKT(CUSTOM_WKT), null
    };
    for (CoordinateReferenceSystem crs : crss) {
      SimpleFeatureType sft = typeWith(crs);
      String json = FeatureTypes.encode(sft);
      SimpleFeatureType back = FeatureTypes.decode(json);
      assertSameType(back, sft);
      GeometryDescriptor g = back.getGeometryDescriptor();
      if (crs == CRS.decode("EPSG:4326")) {
        assertThat(json).contains("\"latitudeFirst\":true");
        assertThat(CRS.getAxisOrder(g.getCoordinateReferenceSystem())).isEqualTo(CRS.AxisOrder.NORTH_EAST);
      }
      if (crs != null && FeatureTypes.srid(crs) == 0) {
        assertThat(json).contains("\"crs\":\"PROJCS[");
        // the text is a fixed point: a store re-saving a decoded schema writes the same text
        assertThat(FeatureTypes.encode(back)).isEqualTo(json);
      }
    }
  }

  @Test
  void jsonKeepsNamespaceNillabilityOccursUserDataAndDefaultGeometry() {
    SimpleFeatureTypeBuilder b = new SimpleFeatureTypeBuilder();
    b.setName("ships");
    b.setNamespaceURI("urn:geostream:test");
    AttributeTypeBuilder a = new AttributeTypeBuilder();
    b.add(a.binding(String.class).nillable(false).userData("index", "true").buildDescriptor("name"));
    a = new AttributeTypeBuilder();
    b.add(a.binding(Integer.class).minOccurs(0).maxOccurs(3).buildDescriptor("counts"));
    b.add("track", LineString.class, 4326);
    b.add("pos", Point.class, 4326);
    b.add("ring", LinearRing.class);
    b.setDefaultGeometry("pos");
    SimpleFeatureType sft = b.buildFeatureType();
    sft.getUserData().put("owner", "geo");
    sft.getUserData().put(Integer.valueOf(1), "dropped: key is not a string");
    sft.getDescriptor("name").getUserData().put("ignored", new Object());
    SimpleFeatureType back = FeatureTypes.decode(FeatureTypes.encode(sft));
    sft.getUserData().remove(1);
    sft.getDescriptor("name").getUserData().remove("ignored");
    assertSameType(back, sft);
    assertThat(back.getName().getNamespaceURI()).isEqualTo("urn:geostream:test");
    assertThat(back.getGeometryDescriptor().getLocalName()).isEqualTo("pos");
    assertThat(back.getDescriptor("name").isNillable()).isFalse();
    assertThat(back.getDescriptor("counts").getMaxOccurs()).isEqualTo(3);

    SimpleFeatureTypeBuilder noNamespace = new SimpleFeatureTypeBuilder();
    noNamespace.setName("plain");
    noNamespace.setNamespaceURI((String) null);
    noNamespace.add("x", Double.class);
    SimpleFeatureType plain = noNamespace.buildFeatureType();
    assertSameType(FeatureTypes.decode(FeatureTypes.encode(plain)), plain);
  }

  @Test
  void jsonAcceptsClassNamesForUnknownBindingsAndIgnoresUnknownFields() {
    SimpleFeatureType sft = FeatureTypes.decode("{\"name\":\"t\",\"future\":1,\"attributes\":"
        + "[{\"name\":\"when\",\"type\":\"java.time.Instant\",\"later\":true}]}");
    assertThat(sft.getDescriptor("when").getType().getBinding()).isEqualTo(java.time.Instant.class);
    assertThat(FeatureTypes.toSpec(sft)).isEqualTo("when:java.time.Instant");
    assertThat(FeatureTypes.parseSpec("t", "when:java.time.Instant").getDescriptor(0).getType().getBinding())
        .isEqualTo(java.time.Instant.class);
  }

  @Test
  void specErrorsNameTheAttribute() {
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "name:String,x:Foo"))
        .isInstanceOf(GeoStreamException.class)
        .hasMessage("Cannot parse feature type spec: unknown attribute type 'Foo' at attribute 'x': 'x:Foo'");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "name"))
        .hasMessage("Cannot parse feature type spec: no type at attribute 'name': 'name'");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "g:Point:srid=abc"))
        .hasMessage("Cannot parse feature type spec: srid 'abc' is not an integer at attribute 'g': 'g:Point:srid=abc'");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "g:Point:srid=999999"))
        .hasMessageStartingWith("Cannot parse feature type spec: unknown EPSG code at attribute 'g'");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "n:Integer:srid=4326"))
        .hasMessageContaining("option 'srid' applies to geometries only, at attribute 'n'");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "*n:Integer"))
        .hasMessageContaining("only a geometry can be the default geometry, at attribute 'n'");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "a:String,a:Integer"))
        .hasMessageContaining("duplicate attribute name 'a'");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "*a:Point,*b:Point"))
        .hasMessageContaining("more than one default geometry");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "l:List[Foo]"))
        .hasMessage("Cannot parse feature type spec: unknown element type 'Foo' at attribute 'l': 'l:List[Foo]'");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "m:Map[String]"))
        .hasMessageContaining("takes no such parameters");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "a:String:note='open"))
        .hasMessageContaining("unclosed quote");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "a:String,,b:String"))
        .hasMessageContaining("empty attribute");
    assertThatThrownBy(() -> FeatureTypes.parseSpec("t", "a:String:flag"))
        .hasMessageContaining("option 'flag' is not key=value at attribute 'a'");
  }

  @Test
  void jsonErrorsAreClear() {
    assertThatThrownBy(() -> FeatureTypes.decode("not json"))
        .isInstanceOf(GeoStreamException.class).hasMessageStartingWith("Cannot decode feature type: not JSON");
    assertThatThrownBy(() -> FeatureTypes.decode("{\"attributes\":[]}"))
        .hasMessageStartingWith("Cannot decode feature type: expected an object with 'name' and 'attributes'");
    assertThatThrownBy(() -> FeatureTypes.decode("{\"name\":\"t\",\"attributes\":[{\"name\":\"x\",\"type\":\"Foo\"}]}"))
        .hasMessageStartingWith("Cannot decode feature type: unknown attribute type 'Foo' at attribute 'x'");
    assertThatThrownBy(() -> FeatureTypes.decode(
        "{\"name\":\"t\",\"attributes\":[{\"name\":\"g\",\"type\":\"Point\",\"srid\":999999}]}"))
        .hasMessageStartingWith("Cannot decode coordinate reference system in attribute 'g': unknown EPSG code");
  }

  private static SimpleFeatureType typeWith(CoordinateReferenceSystem crs) {
    SimpleFeatureTypeBuilder b = new SimpleFeatureTypeBuilder();
    b.setName("crs_test");
    b.add("name", String.class);
    b.add("geom", Point.class, crs);
    return b.buildFeatureType();
  }
}
