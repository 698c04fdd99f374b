package org.geostream.stream.window;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.geostream.stream.WindowSpec;
import org.geostream.stream.agg.Accumulator;
import org.geostream.stream.agg.Layout;

/**
 * The stateful stage, per key: keeps one accumulator per slide-sized pane and combines a
 * window's panes when its result is due, the way {@code reduceByKeyAndWindow} keeps per-batch
 * reductions instead of copies of records. State is the key's panes plus the end of the last
 * window emitted, in a compact versioned byte form in Spark's state store, so a restart from
 * the checkpoint continues exactly.
 *
 * <p>With watermark {@code W} (from the previous batch), a partial of pane {@code p} is late
 * when every window holding it has closed ({@code p + size <= W}): it is counted and passed on
 * as a late row. Otherwise it is merged. {@code UPDATE} emits every window holding a changed pane;
 * {@code FINAL} emits each window once, when {@code W} passes its end. Panes no open window
 * needs are dropped, and a key with no panes left is removed; an idle key is visited again by a
 * processing-time timeout so its last windows close and its state goes. (An event-time timeout
 * would make Spark drop input rows older than the watermark before this function sees them: the
 * late partials that must be counted, and the rows that carry each task's counts.)
 */
public final class WindowFunction implements FlatMapGroupsWithStateFunction<String, Row, byte[], Row> {
  private static final long serialVersionUID = 1L;
  private static final byte VERSION = 1;

  private final Layout layout;
  private final long size;
  private final long slide;
  private final boolean finalOnly;
  private final long timeoutMs;

  public WindowFunction(Layout layout, WindowSpec window, long timeoutMs) {
    this.layout = layout;
    this.size = window.size().toMillis();
    this.slide = window.slide().toMillis();
    this.finalOnly = window.emit() == WindowSpec.Emit.FINAL;
    this.timeoutMs = timeoutMs;
  }

  /** A key's state. */
  static final class Panes {
    final TreeMap<Long, Accumulator> panes = new TreeMap<>();
    long emittedUntil = Long.MIN_VALUE;

    byte[] toBytes() {
      try {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(VERSION);
        out.writeLong(emittedUntil);
        out.writeInt(panes.size());
        for (Map.Entry<Long, Accumulator> e : panes.entrySet()) {
          out.writeLong(e.getKey());
          byte[] a = e.getValue().toBytes();
          out.writeInt(a.length);
          out.write(a);
        }
        out.flush();
        return b.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static Panes fromBytes(Layout layout, byte[] bytes) {
      try {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        int v = in.readByte();
        if (v != VERSION) {
          throw new IllegalStateException("Cannot read window state version " + v + "; the checkpoint was written by "
              + "another GeoStream version");
        }
        Panes p = new Panes();
        p.emittedUntil = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
          long pane = in.readLong();
          byte[] a = new byte[in.readInt()];
          in.readFully(a);
          p.panes.put(pane, Accumulator.fromBytes(layout, a));
        }
        return p;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> rows, GroupState<byte[]> state) {
    List<Row> out = new ArrayList<>();
    if (key.charAt(0) == Rows.PASS_THROUGH) {
      while (rows.hasNext()) {
        Row r = rows.next();
        out.add(RowFactory.create(r.getByte(0), key, r.getLong(2), r.getLong(2), false, r.getLong(4), r.get(5), false));
      }
      return out.iterator();
    }
    long watermark = state.getCurrentWatermarkMs();
    Panes st = state.exists() ? Panes.fromBytes(layout, state.get()) : new Panes();
    TreeSet<Long> touched = new TreeSet<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      long pane = r.getLong(2);
      Accumulator partial = Accumulator.fromBytes(layout, (byte[]) r.get(5));
      if (pane + size <= watermark) {
        out.add(RowFactory.create(Rows.LATE, key, pane, pane + slide, false, partial.count(), r.get(5), false));
        continue;
      }
      partial.dropRecords();
      Accumulator acc = st.panes.get(pane);
      if (acc == null) {
        st.panes.put(pane, partial);
      } else {
        acc.merge(partial);
      }
      touched.add(pane);
    }
    // UPDATE: every window holding a changed pane. Both modes: every window the watermark closed
    // since the last call, once more (UPDATE) or for the first time (FINAL), marked final.
    TreeSet<Long> windows = new TreeSet<>();
    if (!finalOnly) {
      for (long p : touched) {
        for (long s = p - size + slide; s <= p; s += slide) {
          windows.add(s);
        }
      }
    }
    closed(st, watermark, windows);
    boolean first = true;
    for (long s : windows) {
      first &= !emit(key, st, s, watermark, first, out);
    }
    // Panes no open window needs any more go; so does a key left without panes.
    st.panes.headMap(watermark - size + 1, false).clear();
    if (st.panes.isEmpty()) {
      if (state.exists()) {
        state.remove();
      }
    } else {
      state.update(st.toBytes());
      state.setTimeoutDuration(timeoutMs);
    }
    return out.iterator();
  }

  /** Adds the windows whose end the watermark passed since the last call (and that hold panes). */
  private void closed(Panes st, long watermark, TreeSet<Long> windows) {
    if (st.panes.isEmpty()) {
      return;
    }
    long last = Math.floorDiv(watermark - size, slide) * slide; // the latest window start with end <= watermark
    long first = st.panes.firstKey() - size + slide;
    if (st.emittedUntil != Long.MIN_VALUE) {
      first = Math.max(first, st.emittedUntil - size + slide);
    }
    for (long s = first; s <= last; s += slide) {
      windows.add(s);
    }
    if (last + size > st.emittedUntil) {
      st.emittedUntil = last + size;
    }
  }

  /** Adds the result of the window starting at {@code start}, when it holds panes; whether it did. */
  private boolean emit(String key, Panes st, long start, long watermark, boolean firstOfKey, List<Row> out) {
    Map<Long, Accumulator> in = st.panes.subMap(start, true, start + size, false);
    if (in.isEmpty()) {
      return false;
    }
    Accumulator w = layout.empty();
    for (Accumulator a : in.values()) {
      w.merge(a);
    }
    out.add(RowFactory.create(Rows.RESULT, key, start, start + size, start + size <= watermark, w.count(), w.toBytes(),
        firstOfKey));
    return true;
  }
}
