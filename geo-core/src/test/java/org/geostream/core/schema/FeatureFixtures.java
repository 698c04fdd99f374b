package org.geostream.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.geotools.api.feature.type.GeometryDescriptor;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.feature.simple.SimpleFeatureBuilder;
import org.geotools.geometry.jts.JTS;
import org.geotools.referencing.CRS;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;

/** Feature types and features with every attribute type, and the assertions comparing them. */
public final class FeatureFixtures {
  /** Every attribute type of the spec form, with SRIDs 4326 and 3857 and geometries without CRS. */
  public static final String ALL_TYPES_SPEC = "s:String,i:Integer,l:Long,f:Float,d:Double,b:Boolean,"
      + "sh:Short,by:Byte,dtg:Date,ts:Timestamp,u:UUID,raw:Bytes,dec:Decimal,tags:List[String],"
      + "nums:List[Integer],times:List[Date],props:Map[String,Integer],*geom:Point:srid=4326,"
      + "line:LineString:srid=3857,poly:Polygon,mpt:MultiPoint,mline:MultiLineString,mpoly:MultiPolygon,"
      + "coll:GeometryCollection,any:Geometry";

  private static final GeometryFactory GF = new GeometryFactory();

  private FeatureFixtures() {}

  /** The type of {@link #ALL_TYPES_SPEC}. */
  public static SimpleFeatureType allTypes() {
    return FeatureTypes.parseSpec("all", ALL_TYPES_SPEC);
  }

  /** A geometry from WKT with {@code srid}. */
  public static Geometry wkt(String wkt, int srid) {
    try {
      Geometry g = new WKTReader(GF).read(wkt);
      g.setSRID(srid);
      return g;
    } catch (org.locationtech.jts.io.ParseException e) {
      throw new IllegalArgumentException(wkt, e);
    }
  }

  /** A feature of {@link #allTypes()} with every attribute set, varied by {@code i}. */
  public static SimpleFeature full(SimpleFeatureType sft, int i) {
    SimpleFeatureBuilder b = new SimpleFeatureBuilder(sft);
    Timestamp ts = new Timestamp(1_700_000_000_123L + i);
    ts.setNanos(123_456_000); // Spark keeps microseconds
    Map<String, Integer> props = new LinkedHashMap<>();
    props.put("a", i);
    props.put("b", null);
    props.put("c", -7);
    b.set("s", "name-" + i + " ünïcødé");
    b.set("i", -i);
    b.set("l", 10_000_000_000L + i);
    b.set("f", 1.5f + i);
    b.set("d", Math.PI * i);
    b.set("b", i % 2 == 0);
    b.set("sh", (short) (300 + i));
    b.set("by", (byte) (i % 100));
    b.set("dtg", new Date(1_600_000_000_000L + i * 1000L));
    b.set("ts", ts);
    b.set("u", new UUID(42L + i, -17L));
    b.set("raw", new byte[] {1, 2, 3, (byte) i});
    b.set("dec", new BigDecimal("12345.678900").add(BigDecimal.valueOf(i)));
    b.set("tags", Arrays.asList("x", null, "z" + i));
    b.set("nums", Arrays.asList(1, 2, i));
    b.set("times", List.of(new Date(1_000L * i), new Date(0L)));
    b.set("props", props);
    b.set("geom", wkt("POINT (" + (10 + i * 0.001) + " 20)", 4326));
    b.set("line", wkt("LINESTRING (0 0, 1000 1000, 2000 0)", 3857));
    b.set("poly", wkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 2 2))", 0));
    b.set("mpt", wkt("MULTIPOINT Z ((1 2 3), (4 5 6))", 0));
    b.set("mline", wkt("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", 0));
    b.set("mpoly", wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))", 0));
    b.set("coll", wkt("GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 1 1))", 0));
    b.set("any", wkt("LINESTRING M (0 0 1, 1 1 2)", 4326));
    return b.buildFeature("fid-" + i);
  }

  /** A feature of {@code sft} with every attribute null and empty collections where allowed. */
  public static SimpleFeature empty(SimpleFeatureType sft, String fid) {
    SimpleFeatureBuilder b = new SimpleFeatureBuilder(sft);
    if (sft.indexOf("tags") >= 0) {
      b.set("tags", new ArrayList<String>());
      b.set("props", new LinkedHashMap<String, Integer>());
    }
    return b.buildFeature(fid);
  }

  // ---------------------------------------------------------------- assertions

  /** Asserts {@code actual} equals {@code expected} attribute by attribute, CRS included. */
  public static void assertSameType(SimpleFeatureType actual, SimpleFeatureType expected) {
    assertThat(actual.getTypeName()).isEqualTo(expected.getTypeName());
    assertThat(actual.getName().getNamespaceURI()).isEqualTo(expected.getName().getNamespaceURI());
    assertThat(actual.getAttributeCount()).isEqualTo(expected.getAttributeCount());
    assertThat(actual.getUserData()).isEqualTo(expected.getUserData());
    for (int i = 0; i < expected.getAttributeCount(); i++) {
      AttributeDescriptor e = expected.getDescriptor(i);
      AttributeDescriptor a = actual.getDescriptor(i);
      String at = "attribute " + e.getLocalName();
      assertThat(a.getName()).as(at).isEqualTo(e.getName());
      assertThat(a.getType().getBinding()).as(at).isEqualTo(e.getType().getBinding());
      assertThat(a.isNillable()).as(at).isEqualTo(e.isNillable());
      assertThat(a.getMinOccurs()).as(at).isEqualTo(e.getMinOccurs());
      assertThat(a.getMaxOccurs()).as(at).isEqualTo(e.getMaxOccurs());
      assertThat(a.getUserData()).as(at).isEqualTo(e.getUserData());
      assertThat(a instanceof GeometryDescriptor).as(at).isEqualTo(e instanceof GeometryDescriptor);
      if (e instanceof GeometryDescriptor eg) {
        assertSameCrs(((GeometryDescriptor) a).getCoordinateReferenceSystem(), eg.getCoordinateReferenceSystem());
      }
    }
    if (expected.getGeometryDescriptor() == null) {
      assertThat(actual.getGeometryDescriptor()).isNull();
    } else {
      assertThat(actual.getGeometryDescriptor().getLocalName()).isEqualTo(expected.getGeometryDescriptor().getLocalName());
    }
  }

  /**
   * Asserts two CRSs are the same: equal ignoring metadata, or (for CRSs written as WKT, whose
   * parameters GeoTools rounds when formatting) with an identity transform between them.
   */
  public static void assertSameCrs(CoordinateReferenceSystem actual, CoordinateReferenceSystem expected) {
    if (expected == null) {
      assertThat(actual).isNull();
      return;
    }
    assertThat(actual).isNotNull();
    assertThat(CRS.getAxisOrder(actual)).isEqualTo(CRS.getAxisOrder(expected));
    if (CRS.equalsIgnoreMetadata(actual, expected)) {
      return;
    }
    assertThat(actual.getName().getCode()).isEqualTo(expected.getName().getCode());
    try {
      MathTransform t = CRS.findMathTransform(expected, actual, true);
      Coordinate c = JTS.transform(new Coordinate(500_000, 1_000_000), null, t);
      assertThat(c.x).isCloseTo(500_000, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(c.y).isCloseTo(1_000_000, org.assertj.core.data.Offset.offset(1e-6));
    } catch (Exception e) {
      throw new AssertionError("CRSs differ: " + expected + " vs " + actual, e);
    }
  }

  /** Asserts two features hold the same id and values (geometries exactly, with SRID, Z and M). */
  public static void assertSameFeature(SimpleFeature actual, SimpleFeature expected) {
    assertThat(actual.getID()).isEqualTo(expected.getID());
    assertThat(actual.getAttributeCount()).isEqualTo(expected.getAttributeCount());
    for (int i = 0; i < expected.getAttributeCount(); i++) {
      String at = expected.getFeatureType().getDescriptor(i).getLocalName();
      assertSameValue(actual.getAttribute(i), expected.getAttribute(i), at);
    }
  }

  /** Asserts two attribute values are the same (see {@link #assertSameFeature}). */
  public static void assertSameValue(Object actual, Object expected, String at) {
    if (expected == null) {
      assertThat(actual).as(at).isNull();
    } else if (expected instanceof Geometry g) {
      assertSameGeometry((Geometry) actual, g, at);
    } else if (expected instanceof byte[] bytes) {
      assertThat((byte[]) actual).as(at).isEqualTo(bytes);
    } else if (expected instanceof BigDecimal d) {
      assertThat((BigDecimal) actual).as(at).isEqualByComparingTo(d);
    } else if (expected instanceof Timestamp t) {
      assertThat(actual).as(at).isInstanceOf(Timestamp.class);
      assertThat(((Timestamp) actual).getTime()).as(at).isEqualTo(t.getTime());
      assertThat(((Timestamp) actual).getNanos()).as(at).isEqualTo(t.getNanos());
    } else if (expected instanceof Date d) {
      assertThat(actual).as(at).isExactlyInstanceOf(Date.class);
      assertThat(((Date) actual).getTime()).as(at).isEqualTo(d.getTime());
    } else if (expected instanceof List<?> l) {
      assertThat(actual).as(at).isInstanceOf(List.class);
      List<?> a = (List<?>) actual;
      assertThat(a).as(at).hasSameSizeAs(l);
      for (int i = 0; i < l.size(); i++) {
        assertSameValue(a.get(i), l.get(i), at + "[" + i + "]");
      }
    } else {
      assertThat(actual).as(at).isEqualTo(expected);
      assertThat(actual.getClass()).as(at).isEqualTo(expected.getClass());
    }
  }

  /** Asserts two geometries are equal exactly, with class, SRID and Z/M ordinates. */
  public static void assertSameGeometry(Geometry actual, Geometry expected, String at) {
    assertThat(actual).as(at).isNotNull();
    assertThat(actual.getClass()).as(at).isEqualTo(expected.getClass());
    assertThat(actual.getSRID()).as(at + " SRID").isEqualTo(expected.getSRID());
    assertThat(actual.equalsExact(expected)).as(at + ": " + actual + " vs " + expected).isTrue();
    Coordinate[] a = actual.getCoordinates();
    Coordinate[] e = expected.getCoordinates();
    for (int i = 0; i < e.length; i++) {
      assertThat(Double.valueOf(a[i].getZ())).as(at + " Z").isEqualTo(Double.valueOf(e[i].getZ()));
      assertThat(Double.valueOf(a[i].getM())).as(at + " M").isEqualTo(Double.valueOf(e[i].getM()));
    }
  }
}
