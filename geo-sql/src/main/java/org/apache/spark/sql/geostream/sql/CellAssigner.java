package org.apache.spark.sql.geostream.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntConsumer;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.geostream.sql.join.ProbeGeometry;
import org.geostream.sql.join.SpatialGrid;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.ItemVisitor;
import org.locationtech.jts.index.strtree.STRtree;
import scala.Tuple2;

/**
 * The map side of the partitioned join: sends each row of one side to the cells (shuffle
 * partitions) that must see it, as a row {@code [tag, columns...]}:
 *
 * <ul>
 *   <li>inner join: every row to every cell its extent touches (a build row's extent grown by the
 *       predicate's distance); the reducer drops the pairs it does not own;
 *   <li>outer join: a probe row to one home cell, the cell of its extent's lower-left corner, so
 *       that it is decided in one place; a build row to every cell whose probe rows' extents
 *       ({@code homeExtents}, measured beforehand) its grown extent touches;
 *   <li>a row whose geometry is null or empty matches nothing: dropped, except a probe row of an
 *       outer join (emitted with nulls by the reducer) or one with an SRID (its SRID is still
 *       checked), which go round-robin to any cell;
 *   <li>one build row per distinct non-zero SRID is also sent to every cell, tagged
 *       {@link #MARKER}, so that every reducer knows all the build side's SRIDs.
 * </ul>
 *
 * <p>The output row is reused between calls, as Spark's shuffle writers serialize each record at
 * once. Not thread-safe.
 */
final class CellAssigner implements Iterator<Tuple2<Integer, InternalRow>> {
  /** Tag of an ordinary row. */
  static final int ROW = 0;
  /** Tag of a build row sent only for its SRID. */
  static final int MARKER = -1;

  private final Iterator<InternalRow> rows;
  private final boolean build;
  private final JoinSpec spec;
  private final SpatialGrid grid;
  private final STRtree homes;
  private final int partitions;
  private final UnsafeProjection tagged;
  private final GenericInternalRow tag = new GenericInternalRow(1);
  private final JoinedRow joined = new JoinedRow();
  private final ProbeGeometry probe = new ProbeGeometry();
  private final List<InternalRow> sridRows = new ArrayList<>();
  private final List<Integer> srids = new ArrayList<>();
  private int[] cells = new int[8];
  private int count;
  private int pos;
  private UnsafeRow out;
  private int roundRobin;
  private int marker = -1;
  /** {@link #add}, made once rather than per row. */
  private final IntConsumer addCell = this::add;
  private final ItemVisitor addHome = item -> add((Integer) item);

  /**
   * Assigns {@code rows} of the build side ({@code build}) or the probe side.
   *
   * @param types the column types of the side, to which the tag column is prepended
   * @param homeExtents per cell, the extent of the probe rows homed there ({@code minX, minY, maxX,
   *     maxY}; empty cells have min above max), for an outer join; null for an inner join
   */
  CellAssigner(Iterator<InternalRow> rows, boolean build, JoinSpec spec, SpatialGrid grid, double[] homeExtents,
      int partitions, DataType[] types) {
    this.rows = rows;
    this.build = build;
    this.spec = spec;
    this.grid = grid;
    this.partitions = partitions;
    DataType[] withTag = new DataType[types.length + 1];
    withTag[0] = org.apache.spark.sql.types.DataTypes.IntegerType;
    System.arraycopy(types, 0, withTag, 1, types.length);
    this.tagged = UnsafeProjection.create(withTag);
    this.homes = homeExtents == null ? null : homeTree(homeExtents);
    TaskContext task = TaskContext.get();
    this.roundRobin = task == null ? 0 : task.partitionId();
  }

  private static STRtree homeTree(double[] extents) {
    STRtree tree = new STRtree();
    for (int c = 0; c < extents.length / 4; c++) {
      if (extents[4 * c] <= extents[4 * c + 2]) {
        tree.insert(new Envelope(extents[4 * c], extents[4 * c + 2], extents[4 * c + 1], extents[4 * c + 3]), c);
      }
    }
    tree.build();
    return tree;
  }

  @Override
  public boolean hasNext() {
    while (pos >= count) {
      if (rows.hasNext()) {
        assign(rows.next());
      } else if (build && marker + 1 < sridRows.size() * partitions) {
        marker++;
        emit(sridRows.get(marker / partitions), MARKER);
        cells[0] = marker % partitions;
        pos = 0;
        count = 1;
      } else {
        return false;
      }
    }
    return true;
  }

  @Override
  public Tuple2<Integer, InternalRow> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return new Tuple2<>(cells[pos++], out);
  }

  private void assign(InternalRow row) {
    pos = 0;
    count = 0;
    SideGeometry geometry = build ? spec.buildGeometry() : spec.probeGeometry();
    if (!geometry.load(row, probe)) {
      if (!build && spec.outer()) {
        toAnyCell(row);
      }
      return;
    }
    if (build && probe.srid() != 0 && !srids.contains(probe.srid())) {
      srids.add(probe.srid());
      sridRows.add(row.copy());
    }
    Envelope extent = probe.envelope();
    if (extent.isNull()) {
      if (!build && (spec.outer() || probe.srid() != 0)) {
        toAnyCell(row);
      }
      return;
    }
    if (build) {
      Envelope grown = spec.predicate().grow(extent);
      if (homes == null) {
        grid.cellsOf(grown, addCell);
      } else {
        homes.query(grown, addHome);
      }
    } else if (spec.outer()) {
      add(grid.cellOf(extent.getMinX(), extent.getMinY()));
    } else {
      grid.cellsOf(extent, addCell);
    }
    if (count > 0) {
      emit(row, ROW);
    }
  }

  private void toAnyCell(InternalRow row) {
    add(Math.floorMod(roundRobin++, partitions));
    emit(row, ROW);
  }

  private void add(int cell) {
    if (count == cells.length) {
      cells = Arrays.copyOf(cells, count * 2);
    }
    cells[count++] = cell;
  }

  private void emit(InternalRow row, int t) {
    tag.setInt(0, t);
    out = tagged.apply(joined.apply(tag, row));
  }
}
