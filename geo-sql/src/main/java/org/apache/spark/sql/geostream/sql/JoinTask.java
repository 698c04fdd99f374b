package org.apache.spark.sql.geostream.sql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.geostream.sql.join.BuildGeometry;
import org.geostream.sql.join.BuildIndex;
import org.geostream.sql.join.ProbeGeometry;
import org.geostream.sql.join.SpatialGrid;
import org.locationtech.jts.geom.Envelope;

/**
 * The probe loop of one task of a spatial join: streams the probe side's rows of one partition
 * against an index of build rows and yields the joined rows, as Spark's nested loop would for the
 * same condition:
 *
 * <ol>
 *   <li>the probe row's geometry is evaluated once; a null one matches nothing;
 *   <li>when the build side holds a non-zero SRID that conflicts with the probe's, the whole join
 *       condition is evaluated on that pair, so that the function fails (or gives null) as it would
 *       in the nested loop, even though the pair is far apart;
 *   <li>the index gives the build rows that satisfy the spatial predicate
 *       ({@link BuildIndex.Matcher}); pairs whose SRIDs conflict are decided by the condition itself;
 *   <li>in a partitioned join, a pair found in several cells is kept only by the cell that owns it
 *       ({@link SpatialGrid#owns});
 *   <li>the residual conjuncts are evaluated on the joined row;
 *   <li>in an outer join, a probe row that kept no pair is emitted once with nulls for the build side.
 * </ol>
 *
 * <p>Rows are produced one at a time into a reused buffer, as Spark operators do. Not thread-safe.
 */
final class JoinTask implements Iterator<InternalRow> {
  private final Iterator<InternalRow> probes;
  private final JoinSpec spec;
  private final BuildIndex.Matcher matcher;
  private final List<BuildGeometry> sridRepresentatives;
  private final SpatialGrid grid;
  private final int cell;
  private final ProbeGeometry probe = new ProbeGeometry();
  private final JoinedRow joined = new JoinedRow();
  private final InternalRow nullBuild;
  private final List<BuildGeometry> kept = new ArrayList<>();
  private InternalRow current;
  private int next;
  private boolean unmatched;

  /**
   * A task over {@code probes} against {@code index}.
   *
   * @param sridRepresentatives a geometry of each non-zero SRID on the whole build side
   * @param grid the partitioning when pairs can be found in several cells, else null
   * @param cell the cell this task joins (with {@code grid})
   */
  JoinTask(Iterator<InternalRow> probes, JoinSpec spec, BuildIndex index, List<BuildGeometry> sridRepresentatives,
      SpatialGrid grid, int cell) {
    this.probes = probes;
    this.spec = spec;
    this.matcher = index.matcher(spec.predicate());
    this.sridRepresentatives = sridRepresentatives;
    this.grid = grid;
    this.cell = cell;
    this.nullBuild = new GenericInternalRow(spec.buildWidth());
  }

  @Override
  public boolean hasNext() {
    while (next >= kept.size() && !unmatched) {
      if (!probes.hasNext()) {
        return false;
      }
      probe(probes.next());
    }
    return true;
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    InternalRow build;
    if (next < kept.size()) {
      build = (InternalRow) kept.get(next++).row();
    } else {
      unmatched = false;
      build = nullBuild;
    }
    if (spec.numOutputRows() != null) {
      spec.numOutputRows().add(1);
    }
    return spec.output().apply(join(current, build));
  }

  private void probe(InternalRow row) {
    current = row;
    kept.clear();
    next = 0;
    if (spec.probeGeometry().load(row, probe)) {
      checkSrids(row);
      matcher.match(probe);
      for (BuildGeometry g : matcher.matches()) {
        if (owned(g) && (spec.residual() == null || spec.residual().eval(join(row, (InternalRow) g.row())))) {
          kept.add(g);
        }
      }
      for (BuildGeometry g : matcher.asks()) {
        if (owned(g) && spec.condition().eval(join(row, (InternalRow) g.row()))) {
          kept.add(g);
        }
      }
    }
    unmatched = kept.isEmpty() && spec.outer();
  }

  /**
   * Evaluates the condition on the probe row paired with a build row of each conflicting SRID: the
   * function then fails as it does in a nested loop (or gives null, in permissive mode, which keeps
   * nothing).
   */
  private void checkSrids(InternalRow row) {
    int srid = probe.srid();
    if (srid == 0 || sridRepresentatives.isEmpty()) {
      return;
    }
    for (BuildGeometry r : sridRepresentatives) {
      if (r.srid() != srid) {
        spec.condition().eval(join(row, (InternalRow) r.row()));
      }
    }
  }

  /**
   * {@link SpatialGrid#owns} for the probe's extent and the build geometry's grown extent (only their
   * lower-left corners count, so the grown extent is not built: this runs per candidate pair).
   */
  private boolean owned(BuildGeometry g) {
    if (grid == null || probe.simplePoint()) {
      return true;
    }
    Envelope p = probe.envelope();
    double m = spec.predicate().margin(g.minX(), g.minY(), g.maxX(), g.maxY());
    return grid.cellOf(Math.max(p.getMinX(), g.minX() - m), Math.max(p.getMinY(), g.minY() - m)) == cell;
  }

  private InternalRow join(InternalRow probeRow, InternalRow buildRow) {
    return spec.probeLeft() ? joined.apply(probeRow, buildRow) : joined.apply(buildRow, probeRow);
  }
}
