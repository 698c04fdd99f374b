package org.geostream.stream.agg;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The mergeable state of every aggregate of a {@link Layout} over some records: a pane's, or a
 * window's after its panes are merged. Moments merge with Chan's parallel formula, so variance
 * stays accurate; distinct counts are HyperLogLog sketches and quantiles KLL sketches (Apache
 * DataSketches, the library of Spark's own {@code hll_sketch_agg}). Serialises to a compact
 * versioned byte form that checkpoints keep across restarts. Not thread-safe.
 */
public final class Accumulator {
  static final int HLL_LG_K = 12;
  static final int KLL_K = 200;
  private static final byte VERSION = 1;

  private final Layout layout;
  long n;
  double minX = Double.POSITIVE_INFINITY;
  double minY = Double.POSITIVE_INFINITY;
  double maxX = Double.NEGATIVE_INFINITY;
  double maxY = Double.NEGATIVE_INFINITY;
  double sumX;
  double sumY;
  final long[] cnt;
  final double[] sum;
  final double[] mean;
  final double[] m2;
  final double[] min;
  final double[] max;
  final long[] firstT;
  final double[] firstV;
  final long[] lastT;
  final double[] lastV;
  final KllDoublesSketch[] kll;
  final HllSketch[] hll;
  /** Raw records, kept only when a late sink wants them. */
  List<String> records;

  Accumulator(Layout layout) {
    this.layout = layout;
    int m = layout.measures.size();
    cnt = new long[m];
    sum = new double[m];
    mean = new double[m];
    m2 = new double[m];
    min = new double[m];
    max = new double[m];
    firstT = new long[m];
    firstV = new double[m];
    lastT = new long[m];
    lastV = new double[m];
    kll = new KllDoublesSketch[m];
    for (int i = 0; i < m; i++) {
      min[i] = Double.POSITIVE_INFINITY;
      max[i] = Double.NEGATIVE_INFINITY;
      firstT[i] = Long.MAX_VALUE;
      lastT[i] = Long.MIN_VALUE;
      if (layout.quantiles.get(i)) {
        kll[i] = KllDoublesSketch.newHeapInstance(KLL_K);
      }
    }
    hll = new HllSketch[layout.distincts.size()];
  }

  /** Adds one record: its position, time, measure values (NaN when missing) and distinct values (null when missing). */
  public void add(double x, double y, long time, double[] measures, String[] distinct) {
    n++;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
    sumX += x;
    sumY += y;
    for (int i = 0; i < cnt.length; i++) {
      double v = measures[i];
      if (Double.isNaN(v)) {
        continue;
      }
      long c = ++cnt[i];
      sum[i] += v;
      // Only what the layout's aggregates read: the rest keeps its initial value (and byte form).
      if (layout.moments[i]) {
        double d = v - mean[i];
        mean[i] += d / c;
        m2[i] += d * (v - mean[i]);
      }
      if (layout.extremes[i]) {
        min[i] = Math.min(min[i], v);
        max[i] = Math.max(max[i], v);
      }
      if (layout.ends[i]) {
        if (time < firstT[i]) {
          firstT[i] = time;
          firstV[i] = v;
        }
        if (time >= lastT[i]) {
          lastT[i] = time;
          lastV[i] = v;
        }
      }
      if (kll[i] != null) {
        kll[i].update(v);
      }
    }
    for (int i = 0; i < hll.length; i++) {
      if (distinct[i] != null) {
        if (hll[i] == null) {
          hll[i] = new HllSketch(HLL_LG_K, TgtHllType.HLL_4);
        }
        hll[i].update(distinct[i]);
      }
    }
  }

  /** Keeps a raw record (for the late sink). */
  public void keep(String record) {
    if (records == null) {
      records = new ArrayList<>();
    }
    records.add(record);
  }

  /** Forgets the raw records kept (state keeps aggregates only). */
  public void dropRecords() {
    records = null;
  }

  /** Merges {@code o} into this one. */
  public void merge(Accumulator o) {
    if (o.n == 0) {
      return;
    }
    n += o.n;
    minX = Math.min(minX, o.minX);
    minY = Math.min(minY, o.minY);
    maxX = Math.max(maxX, o.maxX);
    maxY = Math.max(maxY, o.maxY);
    sumX += o.sumX;
    sumY += o.sumY;
    for (int i = 0; i < cnt.length; i++) {
      if (o.cnt[i] == 0) {
        continue;
      }
      long c = cnt[i] + o.cnt[i];
      if (layout.moments[i]) {
        double d = o.mean[i] - mean[i];
        m2[i] += o.m2[i] + d * d * ((double) cnt[i] * o.cnt[i] / c);
        mean[i] = (sum[i] + o.sum[i]) / c;
      }
      sum[i] += o.sum[i];
      cnt[i] = c;
      min[i] = Math.min(min[i], o.min[i]);
      max[i] = Math.max(max[i], o.max[i]);
      if (o.firstT[i] < firstT[i]) {
        firstT[i] = o.firstT[i];
        firstV[i] = o.firstV[i];
      }
      if (o.lastT[i] >= lastT[i]) {
        lastT[i] = o.lastT[i];
        lastV[i] = o.lastV[i];
      }
      if (kll[i] != null) {
        kll[i].merge(o.kll[i]);
      }
    }
    for (int i = 0; i < hll.length; i++) {
      if (o.hll[i] == null) {
        continue;
      }
      if (hll[i] == null) {
        hll[i] = o.hll[i].copy();
      } else {
        Union u = new Union(HLL_LG_K);
        u.update(hll[i]);
        u.update(o.hll[i]);
        hll[i] = u.getResult(TgtHllType.HLL_4);
      }
    }
    if (o.records != null) {
      if (records == null) {
        records = new ArrayList<>();
      }
      records.addAll(o.records);
    }
  }

  /** Number of records. */
  public long count() {
    return n;
  }

  /** Raw records kept, or an empty list. */
  public List<String> records() {
    return records == null ? List.of() : records;
  }

  /** The value of aggregate {@code a} (a Long, Double or double[4] extent / double[2] centroid), null when undefined. */
  public Object value(AggregateSpec a) {
    int i = a.fn() == AggregateSpec.Fn.DISTINCT ? layout.distincts.indexOf(a.field())
        : a.fn().needsField ? layout.measures.indexOf(a.field()) : -1;
    return switch (a.fn()) {
      case COUNT -> n;
      case SUM -> cnt[i] == 0 ? null : sum[i];
      case AVG -> cnt[i] == 0 ? null : sum[i] / cnt[i];
      case MIN -> cnt[i] == 0 ? null : min[i];
      case MAX -> cnt[i] == 0 ? null : max[i];
      case VARIANCE -> cnt[i] < 2 ? null : m2[i] / (cnt[i] - 1);
      case STDDEV -> cnt[i] < 2 ? null : Math.sqrt(m2[i] / (cnt[i] - 1));
      case FIRST -> cnt[i] == 0 ? null : firstV[i];
      case LAST -> cnt[i] == 0 ? null : lastV[i];
      case DISTINCT -> hll[i] == null ? 0L : Math.round(hll[i].getEstimate());
      case QUANTILE -> cnt[i] == 0 ? null : kll[i].getQuantile(a.p());
      case EXTENT -> n == 0 ? null : new double[] {minX, minY, maxX, maxY};
      case CENTROID -> n == 0 ? null : new double[] {sumX / n, sumY / n};
    };
  }

  /** The compact byte form. */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + cnt.length * 80);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeLong(n);
      out.writeDouble(minX);
      out.writeDouble(minY);
      out.writeDouble(maxX);
      out.writeDouble(maxY);
      out.writeDouble(sumX);
      out.writeDouble(sumY);
      out.writeShort(cnt.length);
      for (int i = 0; i < cnt.length; i++) {
        out.writeLong(cnt[i]);
        out.writeDouble(sum[i]);
        out.writeDouble(mean[i]);
        out.writeDouble(m2[i]);
        out.writeDouble(min[i]);
        out.writeDouble(max[i]);
        out.writeLong(firstT[i]);
        out.writeDouble(firstV[i]);
        out.writeLong(lastT[i]);
        out.writeDouble(lastV[i]);
        writeBytes(out, kll[i] == null ? null : kll[i].toByteArray());
      }
      out.writeShort(hll.length);
      for (HllSketch h : hll) {
        writeBytes(out, h == null ? null : h.toCompactByteArray());
      }
      out.writeInt(records == null ? 0 : records.size());
      if (records != null) {
        for (String r : records) {
          writeBytes(out, r.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the byte form written by {@link #toBytes} for the same layout. */
  public static Accumulator fromBytes(Layout layout, byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
      int version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("Cannot read aggregate state: version " + version + " (this build reads "
            + VERSION + "); the checkpoint was written by another GeoStream version");
      }
      Accumulator a = new Accumulator(layout);
      a.n = in.readLong();
      a.minX = in.readDouble();
      a.minY = in.readDouble();
      a.maxX = in.readDouble();
      a.maxY = in.readDouble();
      a.sumX = in.readDouble();
      a.sumY = in.readDouble();
      int m = in.readShort();
      if (m != a.cnt.length) {
        throw new IllegalStateException("Cannot read aggregate state: it has " + m + " measures, the pipeline "
            + a.cnt.length + "; the checkpoint belongs to a pipeline with other aggregates");
      }
      for (int i = 0; i < m; i++) {
        a.cnt[i] = in.readLong();
        a.sum[i] = in.readDouble();
        a.mean[i] = in.readDouble();
        a.m2[i] = in.readDouble();
        a.min[i] = in.readDouble();
        a.max[i] = in.readDouble();
        a.firstT[i] = in.readLong();
        a.firstV[i] = in.readDouble();
        a.lastT[i] = in.readLong();
        a.lastV[i] = in.readDouble();
        byte[] k = readBytes(in);
        if (k != null) {
          a.kll[i] = KllDoublesSketch.heapify(Memory.wrap(k));
        }
      }
      int h = in.readShort();
      for (int i = 0; i < h; i++) {
        byte[] b = readBytes(in);
        if (b != null) {
          a.hll[i] = HllSketch.heapify(b);
        }
      }
      int r = in.readInt();
      for (int i = 0; i < r; i++) {
        a.keep(new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8));
      }
      return a;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0) {
      return null;
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }
}
