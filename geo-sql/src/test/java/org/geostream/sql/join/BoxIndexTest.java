package org.geostream.sql.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Both box indexes against a scan of every box, on uniform, clustered, degenerate and touching boxes. */
class BoxIndexTest {

  /** Boxes of one situation: minX, minY, maxX, maxY per box. */
  private record Boxes(double[] x0, double[] y0, double[] x1, double[] y1, int n) {}

  private static Boxes boxes(String situation, int n, Random r) {
    double[] x0 = new double[n];
    double[] y0 = new double[n];
    double[] x1 = new double[n];
    double[] y1 = new double[n];
    for (int i = 0; i < n; i++) {
      double x;
      double y;
      double w;
      double h;
      switch (situation) {
        case "points" -> {
          x = r.nextDouble() * 360 - 180;
          y = r.nextDouble() * 180 - 90;
          w = 0;
          h = 0;
        }
        case "grid-touching" -> {
          x = r.nextInt(200) / 2.0;
          y = r.nextInt(200) / 2.0;
          w = 0.5 * (1 + r.nextInt(3));
          h = 0.5 * (1 + r.nextInt(3));
        }
        case "clustered" -> {
          x = r.nextGaussian() * 0.001 + (i % 3);
          y = r.nextGaussian() * 0.001;
          w = r.nextDouble() * 0.001;
          h = r.nextDouble() * 0.001;
        }
        default -> {
          x = r.nextDouble() * 100;
          y = r.nextDouble() * 100;
          w = r.nextDouble() * (i % 50 == 0 ? 60 : 1);
          h = r.nextDouble() * (i % 70 == 0 ? 60 : 1);
        }
      }
      x0[i] = x;
      y0[i] = y;
      x1[i] = x + w;
      y1[i] = y + h;
    }
    return new Boxes(x0, y0, x1, y1, n);
  }

  private static TreeSet<Integer> scan(Boxes b, double qx0, double qy0, double qx1, double qy1) {
    TreeSet<Integer> out = new TreeSet<>();
    for (int i = 0; i < b.n; i++) {
      if (b.x0[i] <= qx1 && b.y0[i] <= qy1 && b.x1[i] >= qx0 && b.y1[i] >= qy0) {
        out.add(i);
      }
    }
    return out;
  }

  private static TreeSet<Integer> found(BoxIndex index, double qx0, double qy0, double qx1, double qy1) {
    PackedRTree.Hits hits = new PackedRTree.Hits();
    index.search(qx0, qy0, qx1, qy1, hits);
    TreeSet<Integer> out = new TreeSet<>();
    for (int i = 0; i < hits.size; i++) {
      out.add(hits.values[i]);
    }
    return out;
  }

  @Test
  void bothIndexesFindExactlyTheIntersectingBoxes() {
    Random r = new Random(42);
    int grids = 0;
    for (String situation : List.of("points", "grid-touching", "clustered", "mixed")) {
      for (int n : new int[] {0, 1, 2, 15, 16, 17, 300, 5000}) {
        Boxes b = boxes(situation, n, r);
        List<BoxIndex> indexes = new ArrayList<>();
        indexes.add(new PackedRTree(b.x0, b.y0, b.x1, b.y1, n));
        GridIndex grid = GridIndex.build(b.x0, b.y0, b.x1, b.y1, n);
        if (grid != null) {
          indexes.add(grid);
          grids++;
        }
        for (int q = 0; q < 300; q++) {
          int pick = n == 0 ? 0 : r.nextInt(n);
          boolean onBox = n > 0 && q % 3 == 0;
          double qx0 = onBox ? b.x1[pick] : r.nextDouble() * 120 - 10;
          double qy0 = onBox ? b.y0[pick] : r.nextDouble() * 120 - 10;
          double size = q % 2 == 0 ? 0 : r.nextDouble() * 5;
          TreeSet<Integer> expected = scan(b, qx0, qy0, qx0 + size, qy0 + size);
          for (BoxIndex index : indexes) {
            assertThat(found(index, qx0, qy0, qx0 + size, qy0 + size))
                .as("%s, %d boxes, %s, query %s %s +%s", situation, n, index.getClass().getSimpleName(), qx0, qy0, size)
                .isEqualTo(expected);
          }
        }
      }
    }
    // The grid serves the even situations, and declines the clustered one.
    assertThat(grids).isGreaterThanOrEqualTo(2);
    Boxes clustered = boxes("clustered", 5000, r);
    assertThat(GridIndex.build(clustered.x0, clustered.y0, clustered.x1, clustered.y1, 5000)).isNull();
  }
}
