package org.geostream.sql.join;

/**
 * A uniform grid over boxes, each box listed in every cell it overlaps, cell by cell in flat arrays:
 * a search reads only the cells its box overlaps, one or two cache lines each, where an R-tree
 * descends several levels. It suits many boxes of about the same small size spread over their extent
 * (points grown by a join distance, small polygons); {@link #build} declines (returns null) when the
 * boxes are too large or too clustered for it, and the caller uses a {@link PackedRTree}.
 *
 * <p>A box overlapping several cells is found once per cell the search box overlaps: the caller
 * drops repeated entries. Boxes are closed. Immutable once built; thread-safe.
 */
final class GridIndex implements BoxIndex {
  /** Least number of boxes worth a grid. */
  private static final int MIN_BOXES = 1024;
  /** Most cell entries per box, on average, before the grid is declined. */
  private static final int MAX_COPIES = 4;
  /** Most boxes in one cell before the grid is declined (clustered data). */
  private static final int MAX_PER_CELL = 128;

  private final double x0;
  private final double y0;
  private final double cell;
  private final int nx;
  private final int ny;
  private final int[] start;
  private final int[] ids;
  private final double[] boxes;

  private GridIndex(double x0, double y0, double cell, int nx, int ny, int[] start, int[] ids, double[] boxes) {
    this.x0 = x0;
    this.y0 = y0;
    this.cell = cell;
    this.nx = nx;
    this.ny = ny;
    this.start = start;
    this.ids = ids;
    this.boxes = boxes;
  }

  /** A grid over the {@code n} boxes, or null when a grid would not serve them well. */
  static GridIndex build(double[] minX, double[] minY, double[] maxX, double[] maxY, int n) {
    if (n < MIN_BOXES) {
      return null;
    }
    double[] all = PackedRTree.bounds(minX, minY, maxX, maxY, n);
    double bx0 = all[0];
    double by0 = all[1];
    double bx1 = all[2];
    double by1 = all[3];
    // Box sizes of an evenly spaced sample (1024 boxes): their 90th percentile sizes the cells.
    double[] sizes = new double[MIN_BOXES];
    for (int k = 0; k < sizes.length; k++) {
      int i = (int) ((long) k * n / sizes.length);
      sizes[k] = Math.max(maxX[i] - minX[i], maxY[i] - minY[i]);
    }
    double width = bx1 - bx0;
    double height = by1 - by0;
    if (!(width > 0 && height > 0) || Double.isInfinite(width) || Double.isInfinite(height)) {
      return null;
    }
    // About one box per cell, but no smaller than most boxes, so that few are listed many times.
    java.util.Arrays.sort(sizes);
    double cell = Math.max(Math.sqrt(width * height / n), sizes[sizes.length * 9 / 10]);
    long cellsX = (long) Math.floor(width / cell) + 1;
    long cellsY = (long) Math.floor(height / cell) + 1;
    if (cellsX * cellsY > 4L * n + 16) {
      return null;
    }
    int nx = (int) cellsX;
    int ny = (int) cellsY;
    int[] start = new int[nx * ny + 1];
    long copies = 0;
    for (int i = 0; i < n; i++) {
      int cx0 = clamp((int) ((minX[i] - bx0) / cell), nx);
      int cx1 = clamp((int) ((maxX[i] - bx0) / cell), nx);
      int cy0 = clamp((int) ((minY[i] - by0) / cell), ny);
      int cy1 = clamp((int) ((maxY[i] - by0) / cell), ny);
      copies += (long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
      if (copies > (long) MAX_COPIES * n) {
        return null;
      }
      for (int cy = cy0; cy <= cy1; cy++) {
        for (int cx = cx0; cx <= cx1; cx++) {
          start[cy * nx + cx + 1]++;
        }
      }
    }
    for (int c = 0; c < nx * ny; c++) {
      if (start[c + 1] > MAX_PER_CELL) {
        return null;
      }
      start[c + 1] += start[c];
    }
    int[] fill = java.util.Arrays.copyOf(start, start.length - 1);
    int[] ids = new int[(int) copies];
    double[] boxes = new double[(int) copies * 4];
    for (int i = 0; i < n; i++) {
      int cx0 = clamp((int) ((minX[i] - bx0) / cell), nx);
      int cx1 = clamp((int) ((maxX[i] - bx0) / cell), nx);
      int cy0 = clamp((int) ((minY[i] - by0) / cell), ny);
      int cy1 = clamp((int) ((maxY[i] - by0) / cell), ny);
      for (int cy = cy0; cy <= cy1; cy++) {
        for (int cx = cx0; cx <= cx1; cx++) {
          int at = fill[cy * nx + cx]++;
          ids[at] = i;
          boxes[4 * at] = minX[i];
          boxes[4 * at + 1] = minY[i];
          boxes[4 * at + 2] = maxX[i];
          boxes[4 * at + 3] = maxY[i];
        }
      }
    }
    return new GridIndex(bx0, by0, cell, nx, ny, start, ids, boxes);
  }

  private static int clamp(int v, int n) {
    return v < 0 ? 0 : v >= n ? n - 1 : v;
  }

  @Override
  public void search(double qx0, double qy0, double qx1, double qy1, PackedRTree.Hits out) {
    out.size = 0;
    int cx0 = clamp((int) Math.floor((qx0 - x0) / cell), nx);
    int cx1 = clamp((int) Math.floor((qx1 - x0) / cell), nx);
    int cy0 = clamp((int) Math.floor((qy0 - y0) / cell), ny);
    int cy1 = clamp((int) Math.floor((qy1 - y0) / cell), ny);
    for (int cy = cy0; cy <= cy1; cy++) {
      for (int c = cy * nx + cx0, last = cy * nx + cx1; c <= last; c++) {
        for (int k = start[c], end = start[c + 1]; k < end; k++) {
          if (boxes[4 * k] > qx1 || boxes[4 * k + 1] > qy1 || boxes[4 * k + 2] < qx0 || boxes[4 * k + 3] < qy0) {
            continue;
          }
          out.add(ids[k]);
        }
      }
    }
  }
}
