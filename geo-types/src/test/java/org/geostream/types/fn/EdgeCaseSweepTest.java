package org.geostream.types.fn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.geostream.types.GeoStreamException;
import org.geostream.types.codec.GeometryCodec;
import org.geostream.types.io.Wkt;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.TopologyException;

/**
 * Every kernel over every geometry situation users meet — empties of each type, invalid polygons,
 * holes, multi-geometries, nested collections, the antimeridian, the poles, Z and M — must give a
 * value, null, or an error that says what was wrong (a GeoStream error, or a JTS error with its
 * reason, which the adapter reports with the function name and input); never a programming error
 * (null pointer, bad cast, bad index, illegal state), and never a change to its input, which may be a
 * constant shared by every row.
 */
class EdgeCaseSweepTest {
  static final List<String> SITUATIONS = List.of(
      "POINT EMPTY", "LINESTRING EMPTY", "POLYGON EMPTY", "MULTIPOINT EMPTY", "MULTILINESTRING EMPTY",
      "MULTIPOLYGON EMPTY", "GEOMETRYCOLLECTION EMPTY", "GEOMETRYCOLLECTION(POINT EMPTY)",
      "POINT(1 2)", "POINT(180 90)", "POINT(-180 -90)", "POINT(0 90)", "POINT Z (1 2 3)", "POINT M (1 2 3)",
      "LINESTRING(0 0,1 1,2 0)", "LINESTRING(0 0,0 0)", "LINESTRING(170 0,-170 0)", "LINESTRING(0 0,1 1,1 0,0 0)",
      "POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 2,1 1))", "POLYGON((0 0,2 2,0 2,2 0,0 0))",
      "POLYGON((170 -10,190 -10,190 10,170 10,170 -10))", "POLYGON((-180 80,180 80,180 90,-180 90,-180 80))",
      "MULTIPOINT((0 0),(1 1))", "MULTILINESTRING((0 0,1 1),(1 1,2 2))",
      "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((0.5 0.5,2 0.5,2 2,0.5 2,0.5 0.5)))",
      "GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1),GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 0))))");

  private static Object value(ValueType t, Geometry g, int variant) {
    return switch (t) {
      case GEOMETRY -> g;
      case GEOMETRY_BYTES -> GeometryCodec.encode(g);
      case DOUBLE -> variant == 0 ? 0.5 : 1.0;
      case INT -> variant == 0 ? 1 : 5;
      case LONG -> 599686042433355775L;
      case BOOLEAN -> Boolean.TRUE;
      case STRING -> "EPSG:4326";
      case BINARY -> GeometryCodec.encode(g);
      case GEOMETRY_ARRAY -> new Geometry[] {g, null, g};
      case LONG_ARRAY -> new long[] {599686042433355775L};
      case STRING_ARRAY -> new String[] {"a"};
      case DOUBLE_ARRAY -> new double[] {1.0};
    };
  }

  @Test
  void everyKernelHandlesEverySituation() {
    List<Geometry> geoms = new ArrayList<>();
    for (String wkt : SITUATIONS) {
      geoms.add(Wkt.read(wkt));
    }
    List<String> failures = new ArrayList<>();
    int calls = 0;
    for (Map.Entry<String, List<FunctionDef>> e : Catalog.get().functions().entrySet()) {
      for (FunctionDef d : e.getValue()) {
        List<ValueType> args = d.args();
        int geomArgs = (int) args.stream().filter(t -> t == ValueType.GEOMETRY || t == ValueType.GEOMETRY_BYTES).count();
        if (args.contains(ValueType.STRING) && !d.name().equalsIgnoreCase("st_transform")) {
          continue;
        }
        for (int variant = 0; variant < 2; variant++) {
          for (Geometry a : geoms) {
            for (Geometry b : geomArgs > 1 ? geoms : List.of(a)) {
              Object[] values = new Object[args.size()];
              int seen = 0;
              for (int i = 0; i < values.length; i++) {
                boolean geometryArg = args.get(i) == ValueType.GEOMETRY || args.get(i) == ValueType.GEOMETRY_BYTES;
                values[i] = value(args.get(i), geometryArg && seen++ > 0 ? b : a, variant);
              }
              calls++;
              String before = Wkt.writeExtended(a) + "|" + Wkt.writeExtended(b);
              for (Kernel k : d.geomesa() == null ? List.of(d.kernel()) : List.of(d.kernel(), d.geomesa())) {
                String where = d.name() + "/" + args.size() + " on " + Wkt.write(a) + (geomArgs > 1 ? ", " + Wkt.write(b) : "");
                try {
                  k.apply(values);
                } catch (GeoStreamException | TopologyException ok) {
                  // A stated reason (GeoStream error) or invalid input reported as such by the adapter.
                } catch (NullPointerException | ClassCastException | IndexOutOfBoundsException
                    | IllegalStateException | UnsupportedOperationException | ArithmeticException bad) {
                  failures.add(where + ": " + bad);
                } catch (RuntimeException reported) {
                  // A library error with its own reason; the adapter names the function and input.
                }
                if (!before.equals(Wkt.writeExtended(a) + "|" + Wkt.writeExtended(b))) {
                  failures.add(where + ": changed its input");
                  a = Wkt.read(SITUATIONS.get(geoms.indexOf(a)));
                }
              }
            }
          }
        }
      }
    }
    assertThat(calls).isGreaterThan(10_000);
    assertThat(failures).as("%d calls", calls).isEmpty();
  }
}
