package org.geostream.types.fn;

import static org.geostream.types.fn.ValueType.GEOMETRY;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * Aggregates over geometry columns. Each keeps a compact buffer (an envelope, a running hull, a
 * bounded list that is unioned as it grows, weighted sums) so partial aggregation in map tasks pays
 * off and shuffles stay small. Null inputs are skipped; no rows give null.
 */
final class Aggregates {
  private Aggregates() {}

  private static final String POINTS =
      "(VALUES (st_point(0, 0)), (st_point(2, 0)), (st_point(1, 3)), (st_point(1, 1))) AS t(g)";

  static void define(Catalog c) {
    c.aggregate(new AggregateDef("st_extent", GEOMETRY, GEOMETRY, new ExtentKernel(),
        "The bounding box of all geometries, as a polygon (a point or line when degenerate).",
        "SELECT st_asText(st_extent(g)) FROM " + POINTS));
    c.aggregate(new AggregateDef("st_envelope_aggr", GEOMETRY, GEOMETRY, new ExtentKernel(),
        "Same as st_extent (Sedona's name).", "SELECT st_asText(st_envelope_aggr(g)) FROM " + POINTS));
    c.aggregate(new AggregateDef("st_union_aggr", GEOMETRY, GEOMETRY, new ListKernel(true),
        "The union of all geometries (cascaded union, merged as partial results grow).",
        "SELECT st_asText(st_union_aggr(g)) FROM (VALUES (st_makeEnvelope(0, 0, 2, 2)), (st_makeEnvelope(1, 1, 3, 3))) AS t(g)"));
    c.aggregate(new AggregateDef("st_collect_aggr", GEOMETRY, GEOMETRY, new ListKernel(false),
        "A multi-geometry or collection of all geometries, in no guaranteed order.",
        "SELECT st_numGeometries(st_collect_aggr(g)) FROM " + POINTS));
    c.aggregate(new AggregateDef("st_convexHull", GEOMETRY, GEOMETRY, new HullKernel(),
        "The convex hull of all geometries, as a geometry (GeoMesa returns a struct). For one geometry's hull use st_convexHullOf.",
        "SELECT st_asText(st_convexHull(g)) FROM " + POINTS));
    c.aggregate(new AggregateDef("st_centroid_aggr", GEOMETRY, GEOMETRY, new CentroidKernel(),
        "The centroid of all geometries together (as st_centroid of their collection): area-weighted over polygons, else length-weighted over lines, else the mean of points.",
        "SELECT st_asText(st_centroid_aggr(g)) FROM " + POINTS));
  }

  static byte[] writeGeometries(List<Geometry> gs) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(gs.size());
      for (Geometry g : gs) {
        byte[] b = GeometryCodec.encode(g);
        out.writeInt(b.length);
        out.write(b);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Geometry> readGeometries(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      int n = in.readInt();
      List<Geometry> gs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        gs.add(GeometryCodec.decode(b));
      }
      return gs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Envelope buffer; 4 doubles on the wire. */
  static final class ExtentKernel implements AggregateKernel<Envelope> {
    @Override
    public Envelope create() {
      return new Envelope();
    }

    @Override
    public Envelope add(Envelope buffer, Object value) {
      buffer.expandToInclude(((Geometry) value).getEnvelopeInternal());
      return buffer;
    }

    @Override
    public Envelope merge(Envelope buffer, Envelope other) {
      buffer.expandToInclude(other);
      return buffer;
    }

    @Override
    public Object finish(Envelope e) {
      if (e.isNull()) {
        return null;
      }
      return Args.F.toGeometry(e);
    }

    @Override
    public byte[] serialize(Envelope e) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32);
      b.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY());
      return b.array();
    }

    @Override
    public Envelope deserialize(byte[] bytes) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
      double x1 = b.getDouble();
      double x2 = b.getDouble();
      double y1 = b.getDouble();
      double y2 = b.getDouble();
      return x1 > x2 ? new Envelope() : new Envelope(x1, x2, y1, y2);
    }
  }

  /** A list of geometries; for union it is unioned down whenever it passes a threshold. */
  static final class ListKernel implements AggregateKernel<List<Geometry>> {
    private static final int COMPACT_AT = 512;
    private final boolean union;

    ListKernel(boolean union) {
      this.union = union;
    }

    @Override
    public List<Geometry> create() {
      return new ArrayList<>();
    }

    @Override
    public List<Geometry> add(List<Geometry> buffer, Object value) {
      buffer.add((Geometry) value);
      return compact(buffer);
    }

    @Override
    public List<Geometry> merge(List<Geometry> buffer, List<Geometry> other) {
      buffer.addAll(other);
      return compact(buffer);
    }

    private List<Geometry> compact(List<Geometry> buffer) {
      if (union && buffer.size() >= COMPACT_AT) {
        List<Geometry> one = new ArrayList<>();
        one.add(UnaryUnionOp.union(buffer));
        return one;
      }
      return buffer;
    }

    @Override
    public Object finish(List<Geometry> buffer) {
      if (buffer.isEmpty()) {
        return null;
      }
      return union ? UnaryUnionOp.union(buffer) : Processing.collect(buffer);
    }

    @Override
    public byte[] serialize(List<Geometry> buffer) {
      return writeGeometries(buffer);
    }

    @Override
    public List<Geometry> deserialize(byte[] bytes) {
      return readGeometries(bytes);
    }
  }

  /** The hull so far plus pending vertices; folded into a new hull every few thousand vertices. */
  static final class HullKernel implements AggregateKernel<List<Geometry>> {
    private static final int FOLD_AT = 4096;

    @Override
    public List<Geometry> create() {
      return new ArrayList<>();
    }

    @Override
    public List<Geometry> add(List<Geometry> buffer, Object value) {
      buffer.add((Geometry) value);
      return buffer.size() >= FOLD_AT ? fold(buffer) : buffer;
    }

    @Override
    public List<Geometry> merge(List<Geometry> buffer, List<Geometry> other) {
      buffer.addAll(other);
      return buffer.size() >= FOLD_AT ? fold(buffer) : buffer;
    }

    private static List<Geometry> fold(List<Geometry> buffer) {
      List<Geometry> one = new ArrayList<>();
      one.add(hull(buffer));
      return one;
    }

    private static Geometry hull(List<Geometry> gs) {
      List<Coordinate> cs = new ArrayList<>();
      for (Geometry g : gs) {
        for (Coordinate c : g.getCoordinates()) {
          cs.add(c);
        }
      }
      return Args.F.createMultiPointFromCoords(cs.toArray(new Coordinate[0])).convexHull();
    }

    @Override
    public Object finish(List<Geometry> buffer) {
      return buffer.isEmpty() ? null : hull(buffer);
    }

    @Override
    public byte[] serialize(List<Geometry> buffer) {
      return writeGeometries(buffer.size() > 1 ? fold(buffer) : buffer);
    }

    @Override
    public List<Geometry> deserialize(byte[] bytes) {
      return readGeometries(bytes);
    }
  }

  /** Weighted coordinate sums per dimension (0 points, 1 lines, 2 polygons): [sumX, sumY, weight] each. */
  static final class CentroidKernel implements AggregateKernel<double[]> {
    @Override
    public double[] create() {
      return new double[9];
    }

    @Override
    public double[] add(double[] b, Object value) {
      Geometry g = (Geometry) value;
      if (g.isEmpty()) {
        return b;
      }
      List<Geometry> parts = new ArrayList<>();
      Accessors.flatten(g, parts);
      for (Geometry part : parts) {
        int dim = part.getDimension();
        double w = switch (dim) {
          case 0 -> 1;
          case 1 -> part.getLength();
          default -> part.getArea();
        };
        Point c = part.getCentroid();
        if (c.isEmpty()) {
          continue;
        }
        b[dim * 3] += c.getX() * w;
        b[dim * 3 + 1] += c.getY() * w;
        b[dim * 3 + 2] += w;
      }
      return b;
    }

    @Override
    public double[] merge(double[] b, double[] o) {
      for (int i = 0; i < 9; i++) {
        b[i] += o[i];
      }
      return b;
    }

    @Override
    public Object finish(double[] b) {
      for (int dim = 2; dim >= 0; dim--) {
        double w = b[dim * 3 + 2];
        if (w > 0) {
          return Args.F.createPoint(new Coordinate(b[dim * 3] / w, b[dim * 3 + 1] / w));
        }
      }
      return null;
    }

    @Override
    public byte[] serialize(double[] b) {
      java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(72);
      for (double v : b) {
        out.putDouble(v);
      }
      return out.array();
    }

    @Override
    public double[] deserialize(byte[] bytes) {
      java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
      double[] b = new double[9];
      for (int i = 0; i < 9; i++) {
        b[i] = in.getDouble();
      }
      return b;
    }
  }
}
