package org.geostream.sql.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.geostream.sql.join.BoxTree;
import org.geostream.sql.join.Extent;
import org.locationtech.jts.geom.Envelope;

/**
 * One partition of a cached relation: its rows (Spark's compact binary rows) and a packed R-tree of
 * the boxes of one geometry column. A box query returns the rows whose geometry's box intersects the
 * query box, in their original order; rows with a null or empty geometry are in no box, so such a
 * query never returns them (every spatial predicate is false or null for them). Built once, then
 * immutable; queries from several threads are safe.
 */
public final class IndexedPartition {
  private final UnsafeRow[] rows;
  /** For each tree entry, the position of its row. */
  private final int[] rowOf;
  private final BoxTree tree;
  private final long bytes;

  private IndexedPartition(UnsafeRow[] rows, int[] rowOf, BoxTree tree, long bytes) {
    this.rows = rows;
    this.rowOf = rowOf;
    this.tree = tree;
    this.bytes = bytes;
  }

  /**
   * Copies the rows of {@code input} (of {@code schema}) and indexes the boxes of the geometry
   * column at {@code ordinal}. O(n log n); reads each geometry's box from its encoded bytes: the box
   * of every coordinate ({@link Extent}, as the spatial join indexes), so that a polygon with a hole
   * outside its shell is found by the boxes that reach only that hole.
   */
  public static IndexedPartition build(Iterator<InternalRow> input, StructType schema, int ordinal) {
    UnsafeProjection project = UnsafeProjection.create(schema);
    List<UnsafeRow> rows = new ArrayList<>();
    int n = 0;
    double[] x0 = new double[1024];
    double[] y0 = new double[1024];
    double[] x1 = new double[1024];
    double[] y1 = new double[1024];
    int[] rowOf = new int[1024];
    long bytes = 0;
    while (input.hasNext()) {
      UnsafeRow row = project.apply(input.next()).copy();
      rows.add(row);
      bytes += row.getSizeInBytes();
      if (row.isNullAt(ordinal)) {
        continue;
      }
      Envelope e = Extent.of(row.getBinary(ordinal));
      if (e.isNull()) {
        continue;
      }
      if (n == x0.length) {
        x0 = Arrays.copyOf(x0, n * 2);
        y0 = Arrays.copyOf(y0, n * 2);
        x1 = Arrays.copyOf(x1, n * 2);
        y1 = Arrays.copyOf(y1, n * 2);
        rowOf = Arrays.copyOf(rowOf, n * 2);
      }
      x0[n] = e.getMinX();
      y0[n] = e.getMinY();
      x1[n] = e.getMaxX();
      y1[n] = e.getMaxY();
      rowOf[n] = rows.size() - 1;
      n++;
    }
    return new IndexedPartition(rows.toArray(new UnsafeRow[0]), Arrays.copyOf(rowOf, n),
        new BoxTree(x0, y0, x1, y1, n), bytes);
  }

  /** The number of rows. */
  public int size() {
    return rows.length;
  }

  /** The bytes of the rows. */
  public long bytes() {
    return bytes;
  }

  /** Every row, in order. */
  public Iterator<InternalRow> all() {
    return Arrays.<InternalRow>asList(rows).iterator();
  }

  /** The rows whose geometry's box intersects the closed box given, in order. */
  public Iterator<InternalRow> intersecting(double x0, double y0, double x1, double y1) {
    int[] hits = tree.search(x0, y0, x1, y1);
    int[] positions = new int[hits.length];
    for (int i = 0; i < hits.length; i++) {
      positions[i] = rowOf[hits[i]];
    }
    Arrays.sort(positions);
    return Arrays.stream(positions).mapToObj(p -> (InternalRow) rows[p]).iterator();
  }
}
