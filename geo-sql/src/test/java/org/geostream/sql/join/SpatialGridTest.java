package org.geostream.sql.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.locationtech.jts.geom.Envelope;
import org.junit.jupiter.api.Test;

/** The partitioning's cells tile the plane, and every pair of intersecting extents is owned by exactly one cell both reach. */
class SpatialGridTest {

  private static Set<Integer> cells(SpatialGrid grid, Envelope e) {
    Set<Integer> out = new HashSet<>();
    grid.cellsOf(e, c -> assertThat(out.add(c)).as("cell %d listed twice for %s", c, e).isTrue());
    return out;
  }

  @Test
  void everyIntersectingPairIsOwnedByExactlyOneSharedCell() {
    Random r = new Random(5);
    int n = 3000;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      // On a coarse lattice, so that many split values equal coordinates below.
      xs[i] = r.nextInt(40) / 2.0;
      ys[i] = r.nextInt(20) / 2.0;
    }
    SpatialGrid grid = SpatialGrid.build(xs, ys, n, 16);
    assertThat(grid.cells()).isEqualTo(16);
    for (int k = 0; k < 20_000; k++) {
      Envelope a = box(r);
      Envelope b = box(r);
      if (!a.intersects(b)) {
        continue;
      }
      Set<Integer> shared = cells(grid, a);
      shared.retainAll(cells(grid, b));
      int owners = 0;
      for (int c : shared) {
        owners += grid.owns(c, a, b) ? 1 : 0;
      }
      assertThat(owners).as("%s and %s", a, b).isEqualTo(1);
    }
    // A point lies in exactly the cell cellOf names.
    for (int k = 0; k < 5000; k++) {
      double x = r.nextInt(44) / 2.0 - 1;
      double y = r.nextInt(24) / 2.0 - 1;
      assertThat(cells(grid, new Envelope(x, x, y, y))).containsExactly(grid.cellOf(x, y));
    }
  }

  private static Envelope box(Random r) {
    double x = r.nextInt(44) / 2.0 - 1;
    double y = r.nextInt(24) / 2.0 - 1;
    double w = r.nextInt(3) == 0 ? 0 : r.nextInt(10) / 2.0;
    double h = r.nextInt(3) == 0 ? 0 : r.nextInt(6) / 2.0;
    return new Envelope(x, x + w, y, y + h);
  }

  @Test
  void degenerateSamplesGiveFewerCells() {
    SpatialGrid empty = SpatialGrid.build(new double[0], new double[0], 0, 8);
    assertThat(empty.cells()).isEqualTo(1);
    assertThat(empty.cellOf(1e300, -1e300)).isZero();
    double[] same = {3, 3, 3, 3};
    assertThat(SpatialGrid.build(same, same, 4, 8).cells()).isEqualTo(1);
  }
}
