package org.geostream.core.spi;

import java.io.Serializable;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * A grid of equal tiles over an extent, for reading a store that cannot split a query itself:
 * one Spark partition per tile queries the store with the tile as a bounding box, and keeps a
 * feature only when its tile is the feature's <em>owner</em>, so a feature crossing tiles is
 * returned exactly once.
 *
 * <p>The owner is the first tile, in row-major order, that the geometry intersects (closed tiles,
 * so a feature on a shared edge belongs to the lower tile). Any store returns a feature for a tile
 * its geometry intersects, whether it evaluates bounding boxes exactly or loosely; for a loose store
 * that returns a feature by envelope only, the owner falls back to the first tile its envelope
 * intersects. Features outside the extent, or without a geometry, are read by one extra
 * partition ({@code NOT BBOX(extent)}), so the extent only shapes the work, never the answer.
 * Immutable, thread-safe.
 *
 * @param extent the area split into tiles
 * @param cols tiles across
 * @param rows tiles down
 */
public record SpaceGrid(Envelope extent, int cols, int rows) implements Serializable {
  private static final GeometryFactory FACTORY = new GeometryFactory();

  /** A grid of about {@code tiles} near-square tiles over {@code extent}. */
  public static SpaceGrid over(Envelope extent, int tiles) {
    int n = Math.max(1, tiles);
    double aspect = extent.getHeight() <= 0 ? 1 : extent.getWidth() / extent.getHeight();
    int cols = (int) Math.max(1, Math.round(Math.sqrt(n * Math.max(aspect, 1e-9))));
    cols = Math.min(cols, n);
    int rows = (int) Math.ceil(n / (double) cols);
    return new SpaceGrid(new Envelope(extent), cols, rows);
  }

  /** Number of tiles. */
  public int size() {
    return cols * rows;
  }

  /** The closed rectangle of tile {@code index} (row-major from the lower left). */
  public Envelope tile(int index) {
    int c = index % cols;
    int r = index / cols;
    double w = extent.getWidth() / cols;
    double h = extent.getHeight() / rows;
    double x0 = extent.getMinX() + c * w;
    double y0 = extent.getMinY() + r * h;
    double x1 = c == cols - 1 ? extent.getMaxX() : x0 + w;
    double y1 = r == rows - 1 ? extent.getMaxY() : y0 + h;
    return new Envelope(x0, x1, y0, y1);
  }

  /**
   * The owning tile of {@code g}, or -1 when it intersects no tile (outside the extent, null or
   * empty). Cost: one rectangle test per tile the envelope of {@code g} overlaps.
   */
  public int owner(Geometry g) {
    if (g == null || g.isEmpty()) {
      return -1;
    }
    Envelope env = g.getEnvelopeInternal();
    if (!env.intersects(extent)) {
      return -1;
    }
    // A coordinate on a tile edge also touches the tile before: start one tile early.
    int c0 = clamp(cell(env.getMinX(), extent.getMinX(), extent.getWidth(), cols) - 1, cols);
    int c1 = clamp(cell(env.getMaxX(), extent.getMinX(), extent.getWidth(), cols), cols);
    int r0 = clamp(cell(env.getMinY(), extent.getMinY(), extent.getHeight(), rows) - 1, rows);
    int r1 = clamp(cell(env.getMaxY(), extent.getMinY(), extent.getHeight(), rows), rows);
    int firstByEnvelope = -1;
    for (int r = r0; r <= r1; r++) {
      for (int c = c0; c <= c1; c++) {
        int idx = r * cols + c;
        Envelope t = tile(idx);
        if (!t.intersects(env)) {
          continue;
        }
        if (firstByEnvelope < 0) {
          firstByEnvelope = idx;
        }
        if (g.getDimension() == 0 && g.getNumGeometries() == 1) {
          return idx;
        }
        if (g.intersects(FACTORY.toGeometry(t))) {
          return idx;
        }
      }
    }
    return firstByEnvelope;
  }

  private static int cell(double v, double min, double span, int n) {
    return span <= 0 ? 0 : (int) Math.floor((v - min) / (span / n));
  }

  private static int clamp(int v, int n) {
    return Math.max(0, Math.min(n - 1, v));
  }
}
