package org.geostream.types.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.geostream.types.GeoStreamException;
import org.geostream.types.io.Wkt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

class GeometryCodecTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "POINT(1 2)", "POINT EMPTY", "POINT Z (1 2 3)", "POINT M (1 2 4)", "POINT ZM (1 2 3 4)",
      "LINESTRING(0 0,1 1,2 0)", "LINESTRING EMPTY", "LINESTRING Z (0 0 1,1 1 2)",
      "POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))", "POLYGON EMPTY",
      "MULTIPOINT((0 0),(1 1))", "MULTIPOINT EMPTY", "MULTILINESTRING((0 0,1 1),(2 2,3 3))",
      "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))", "MULTIPOLYGON EMPTY",
      "GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1),GEOMETRYCOLLECTION(POINT(3 4)))",
      "GEOMETRYCOLLECTION EMPTY", "SRID=4326;POINT(-180 90)", "SRID=3857;POLYGON((0 0,1 0,1 1,0 0))"
  })
  void roundTripsEveryTypeWithDimensionsAndSrid(String wkt) {
    Geometry g = Wkt.read(wkt);
    byte[] bytes = GeometryCodec.encode(g);
    Geometry back = GeometryCodec.decode(bytes);
    assertThat(Wkt.writeExtended(back)).isEqualTo(Wkt.writeExtended(g));
    assertThat(back.getSRID()).isEqualTo(g.getSRID());
  }

  @Test
  void isoWkbUsesTypeCodesForZAndMAndDropsTheSrid() throws Exception {
    Geometry zm = Wkt.read("POINT ZM (1 2 3 4)");
    zm.setSRID(4326);
    byte[] iso = GeometryCodec.encodeIso(zm);
    assertThat(iso[0]).isEqualTo((byte) 1);
    assertThat(java.nio.ByteBuffer.wrap(iso, 1, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(3001);
    assertThat(iso).hasSize(5 + 32);
    Geometry poly = Wkt.read("MULTIPOLYGON Z (((0 0 1, 1 0 1, 1 1 1, 0 0 1)))");
    byte[] mp = GeometryCodec.encodeIso(poly);
    assertThat(java.nio.ByteBuffer.wrap(mp, 1, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(1006);
    assertThat(java.nio.ByteBuffer.wrap(mp, 10, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt())
        .as("nested polygon").isEqualTo(1003);
    assertThat(GeometryCodec.decode(mp).equalsExact(poly)).isTrue();
    Geometry flat = Wkt.read("LINESTRING (0 0, 1 1)");
    assertThat(GeometryCodec.encodeIso(flat)).isEqualTo(GeometryCodec.encode(flat))
        .isEqualTo(new WKBWriter(2, 2).write(flat));
    assertThat(GeometryCodec.encodeIso(null)).isNull();
  }

  @Test
  void writesPlainWkbForTwoDimensionalGeometriesThatJtsReads() throws Exception {
    Geometry g = Wkt.read("POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))");
    byte[] ours = GeometryCodec.encode(g);
    assertThat(ours).isEqualTo(new WKBWriter(2, 2).write(g));
    assertThat(new WKBReader().read(ours).equalsExact(g)).isTrue();
  }

  @Test
  void writesSridAsPostgisEwkb() {
    byte[] bytes = GeometryCodec.encode(Wkt.read("SRID=4326;POINT(1 2)"));
    assertThat(WKBWriter.toHex(bytes)).isEqualTo("0101000020E6100000000000000000F03F0000000000000040");
    assertThat(GeometryCodec.srid(bytes)).isEqualTo(4326);
  }

  @Test
  void readsBigEndianAndIsoWkb() throws Exception {
    Geometry g = Wkt.read("LINESTRING Z (0 0 1,1 1 2)");
    byte[] bigEndianIso = WKBReader.hexToBytes("00000003EA00000002" + "0000000000000000" + "0000000000000000" + "3FF0000000000000"
        + "3FF0000000000000" + "3FF0000000000000" + "4000000000000000");
    assertThat(GeometryCodec.decode(bigEndianIso).equalsExact(g)).isTrue();
    assertThat(Wkt.write(GeometryCodec.decode(bigEndianIso))).isEqualTo("LINESTRING Z (0 0 1,1 1 2)");
  }

  @Test
  void pointFastPathsReadCoordinatesWithoutDecoding() {
    byte[] p = GeometryCodec.encodePoint(1.5, -2.5, 4326);
    assertThat(GeometryCodec.isSimplePoint(p)).isTrue();
    assertThat(GeometryCodec.simplePointX(p)).isEqualTo(1.5);
    assertThat(GeometryCodec.simplePointY(p)).isEqualTo(-2.5);
    assertThat(GeometryCodec.envelope(p).getMinX()).isEqualTo(1.5);
    assertThat(GeometryCodec.isSimplePoint(GeometryCodec.encode(Wkt.read("POINT Z (1 2 3)")))).isFalse();
    assertThat(GeometryCodec.envelope(GeometryCodec.encode(Wkt.read("POINT EMPTY"))).isNull()).isTrue();
  }

  @Test
  void malformedInputNamesTheOffsetAndShowsTheBytes() {
    assertThatThrownBy(() -> GeometryCodec.decode(new byte[] {1, 1, 0, 0, 0, 0, 0}))
        .isInstanceOf(GeoStreamException.class)
        .hasMessageContaining("Cannot decode WKB: input ends early")
        .hasMessageContaining("at byte 5 of 7")
        .hasMessageContaining("'01010000000000'");
    assertThatThrownBy(() -> GeometryCodec.decode(new byte[] {7, 1, 0, 0, 0}))
        .hasMessageContaining("byte order must be 0 or 1");
    assertThatThrownBy(() -> GeometryCodec.decode(WKBReader.hexToBytes("0109000000")))
        .hasMessageContaining("unknown geometry type code 9");
    byte[] p = GeometryCodec.encodePoint(1, 2, 0);
    byte[] longer = java.util.Arrays.copyOf(p, p.length + 1);
    assertThatThrownBy(() -> GeometryCodec.decode(longer)).hasMessageContaining("1 trailing bytes");
    assertThatThrownBy(() -> GeometryCodec.decode(WKBReader.hexToBytes("010200000005000000000000000000F03F")))
        .hasMessageContaining("count 5 exceeds the remaining input");
  }
}
