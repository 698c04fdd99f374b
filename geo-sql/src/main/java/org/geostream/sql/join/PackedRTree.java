package org.geostream.sql.join;

import java.util.Arrays;

/**
 * A static R-tree over boxes in flat arrays of primitives: the boxes sorted along a Hilbert curve
 * through their centres and packed bottom-up, {@value #NODE} to a node (the layout of V. Agafonkin's
 * Flatbush). No object per entry, so building and searching millions of boxes stays in the CPU
 * caches: O(n log n) to build (one sort of longs), O(log n + k) per search in the usual case.
 *
 * <p>Boxes are closed: a search box that only touches an entry finds it. Immutable once built, so
 * searches from several threads are safe; each thread brings its own {@link Hits}.
 */
final class PackedRTree implements BoxIndex {
  /** Children per node. */
  static final int NODE = 16;
  private static final int HILBERT_MAX = (1 << 16) - 1;

  /** Per node, level by level from the leaves (the entries) up to the root: minX, minY, maxX, maxY. */
  private final double[] boxes;
  /** Per node: for an entry its number, for an inner node the position of its first child. */
  private final int[] indices;
  /** Where each level starts, in nodes; the last value is the total. */
  private final int[] levelStarts;
  private final int entries;

  /**
   * Builds the tree over {@code n} entries whose boxes are {@code minX[i], minY[i], maxX[i],
   * maxY[i]} (none null, none NaN); entry numbers are the positions {@code 0..n-1}.
   */
  PackedRTree(double[] minX, double[] minY, double[] maxX, double[] maxY, int n) {
    this.entries = n;
    // Level 0 holds the entries; each level above one node per NODE nodes below, up to one root.
    int[] counts = new int[64];
    int levels = 0;
    int count = n;
    int total = 0;
    do {
      counts[levels++] = count;
      total += count;
      count = (count + NODE - 1) / NODE;
    } while (counts[levels - 1] > 1 || levels == 1);
    boxes = new double[total * 4];
    indices = new int[total];
    levelStarts = new int[levels + 1];
    for (int l = 0, start = 0; l < levels; l++) {
      levelStarts[l] = start;
      start += counts[l];
      levelStarts[l + 1] = start;
    }
    // Leaves in Hilbert order of their centres.
    double[] all = bounds(minX, minY, maxX, maxY, n);
    double bx0 = all[0];
    double by0 = all[1];
    double bx1 = all[2];
    double by1 = all[3];
    double sx = bx1 > bx0 ? HILBERT_MAX / (bx1 - bx0) : 0;
    double sy = by1 > by0 ? HILBERT_MAX / (by1 - by0) : 0;
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      int hx = (int) Math.floor(((minX[i] + maxX[i]) / 2 - bx0) * sx);
      int hy = (int) Math.floor(((minY[i] + maxY[i]) / 2 - by0) * sy);
      keys[i] = ((hilbert(clamp(hx), clamp(hy)) & 0xFFFFFFFFL) << 32) | i;
    }
    Arrays.sort(keys);
    for (int k = 0; k < n; k++) {
      int i = (int) keys[k];
      boxes[4 * k] = minX[i];
      boxes[4 * k + 1] = minY[i];
      boxes[4 * k + 2] = maxX[i];
      boxes[4 * k + 3] = maxY[i];
      indices[k] = i;
    }
    // Upper levels: each node the union of up to NODE consecutive nodes of the level below.
    for (int l = 0; l + 1 < levels; l++) {
      int from = levelStarts[l];
      int to = levelStarts[l + 1];
      int parent = levelStarts[l + 1];
      for (int c = from; c < to; c += NODE, parent++) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int j = c; j < Math.min(c + NODE, to); j++) {
          x0 = Math.min(x0, boxes[4 * j]);
          y0 = Math.min(y0, boxes[4 * j + 1]);
          x1 = Math.max(x1, boxes[4 * j + 2]);
          y1 = Math.max(y1, boxes[4 * j + 3]);
        }
        boxes[4 * parent] = x0;
        boxes[4 * parent + 1] = y0;
        boxes[4 * parent + 2] = x1;
        boxes[4 * parent + 3] = y1;
        indices[parent] = c;
      }
    }
  }

  /**
   * The box of the first {@code n} boxes: {minX, minY, maxX, maxY}; infinities of the wrong sign
   * when {@code n} is 0.
   */
  static double[] bounds(double[] minX, double[] minY, double[] maxX, double[] maxY, int n) {
    double[] b = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    for (int i = 0; i < n; i++) {
      b[0] = Math.min(b[0], minX[i]);
      b[1] = Math.min(b[1], minY[i]);
      b[2] = Math.max(b[2], maxX[i]);
      b[3] = Math.max(b[3], maxY[i]);
    }
    return b;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(HILBERT_MAX, v));
  }

  /** The number of entries. */
  int size() {
    return entries;
  }

  /** A growable list of entry numbers, reused between searches by one thread. */
  static final class Hits {
    int[] values = new int[16];
    int size;
    private int[] stack = new int[64];

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }

  /** Puts into {@code out} (cleared first) every entry whose box intersects the closed box given, once. */
  @Override
  public void search(double qx0, double qy0, double qx1, double qy1, Hits out) {
    out.size = 0;
    if (entries == 0) {
      return;
    }
    int top = levelStarts.length - 2;
    int[] stack = out.stack;
    int sp = 0;
    stack[sp++] = levelStarts[top];
    stack[sp++] = top;
    while (sp > 0) {
      int level = stack[--sp];
      int node = stack[--sp];
      int first = indices[node];
      int end = Math.min(first + NODE, levelStarts[level]);
      for (int c = first; c < end; c++) {
        if (boxes[4 * c] > qx1 || boxes[4 * c + 1] > qy1 || boxes[4 * c + 2] < qx0 || boxes[4 * c + 3] < qy0) {
          continue;
        }
        if (level == 1) {
          out.add(indices[c]);
        } else {
          if (sp + 2 > stack.length) {
            stack = Arrays.copyOf(stack, stack.length * 2);
            out.stack = stack;
          }
          stack[sp++] = c;
          stack[sp++] = level - 1;
        }
      }
    }
  }

  /** The position of (x, y), both in [0, 65535], along a Hilbert curve (Warren, Hacker's Delight). */
  private static int hilbert(int x, int y) {
    int a = x ^ y;
    int b = 0xFFFF ^ a;
    int c = 0xFFFF ^ (x | y);
    int d = x & (y ^ 0xFFFF);
    int aa = a | (b >>> 1);
    int bb = (a >>> 1) ^ a;
    int cc = ((c >>> 1) ^ (b & (d >>> 1))) ^ c;
    int dd = ((a & (c >>> 1)) ^ (d >>> 1)) ^ d;
    a = aa;
    b = bb;
    c = cc;
    d = dd;
    aa = (a & (a >>> 2)) ^ (b & (b >>> 2));
    bb = (a & (b >>> 2)) ^ (b & ((a ^ b) >>> 2));
    cc ^= (a & (c >>> 2)) ^ (b & (d >>> 2));
    dd ^= (b & (c >>> 2)) ^ ((a ^ b) & (d >>> 2));
    a = aa;
    b = bb;
    c = cc;
    d = dd;
    aa = (a & (a >>> 4)) ^ (b & (b >>> 4));
    bb = (a & (b >>> 4)) ^ (b & ((a ^ b) >>> 4));
    cc ^= (a & (c >>> 4)) ^ (b & (d >>> 4));
    dd ^= (b & (c >>> 4)) ^ ((a ^ b) & (d >>> 4));
    a = aa;
    b = bb;
    c = cc;
    d = dd;
    cc ^= (a & (c >>> 8)) ^ (b & (d >>> 8));
    dd ^= (b & (c >>> 8)) ^ ((a ^ b) & (d >>> 8));
    a = cc ^ (cc >>> 1);
    b = dd ^ (dd >>> 1);
    int i0 = x ^ y;
    int i1 = b | (0xFFFF ^ (i0 | a));
    i0 = (i0 | (i0 << 8)) & 0x00FF00FF;
    i0 = (i0 | (i0 << 4)) & 0x0F0F0F0F;
    i0 = (i0 | (i0 << 2)) & 0x33333333;
    i0 = (i0 | (i0 << 1)) & 0x55555555;
    i1 = (i1 | (i1 << 8)) & 0x00FF00FF;
    i1 = (i1 | (i1 << 4)) & 0x0F0F0F0F;
    i1 = (i1 | (i1 << 2)) & 0x33333333;
    i1 = (i1 | (i1 << 1)) & 0x55555555;
    return (i1 << 1) | i0;
  }
}
