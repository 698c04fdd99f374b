package org.geostream.stream.window;

import org.geostream.stream.agg.Accumulator;
import org.geostream.stream.agg.Layout;

/**
 * A task's accumulators by key and pane, in open-addressing arrays: a key is a number (an H3 cell, when the
 * key has no attributes) or a text, so the per-record lookup allocates nothing and hashes no string for
 * numeric keys. Also keeps each pane's latest event time. Not thread-safe: one per task.
 */
final class PaneTable {
  private final Layout layout;
  private long[] ids;
  private String[] keys;
  private long[] panes;
  private long[] maxTimes;
  private Accumulator[] accs;
  private int size;

  PaneTable(Layout layout) {
    this.layout = layout;
    allocate(1024);
  }

  private void allocate(int capacity) {
    ids = new long[capacity];
    keys = new String[capacity];
    panes = new long[capacity];
    maxTimes = new long[capacity];
    accs = new Accumulator[capacity];
  }

  /**
   * The accumulator of key ({@code id}, or {@code key} when not null) and {@code pane}, created empty when
   * new; records {@code time} as the pane's latest when it is.
   */
  Accumulator get(long id, String key, long pane, long time) {
    int mask = accs.length - 1;
    for (int i = hash(id, key, pane) & mask; ; i = (i + 1) & mask) {
      Accumulator a = accs[i];
      if (a == null) {
        a = layout.empty();
        accs[i] = a;
        ids[i] = id;
        keys[i] = key;
        panes[i] = pane;
        maxTimes[i] = time;
        if (++size * 2 > accs.length) {
          grow();
        }
        return a;
      }
      if (panes[i] == pane && ids[i] == id && (key == null ? keys[i] == null : key.equals(keys[i]))) {
        if (time > maxTimes[i]) {
          maxTimes[i] = time;
        }
        return a;
      }
    }
  }

  private static int hash(long id, String key, long pane) {
    long z = id * 0x9E3779B97F4A7C15L + pane * 0xC2B2AE3D27D4EB4FL + (key == null ? 0 : key.hashCode());
    z ^= z >>> 31;
    z *= 0xBF58476D1CE4E5B9L;
    return (int) (z ^ (z >>> 32));
  }

  private void grow() {
    long[] oi = ids;
    String[] ok = keys;
    long[] op = panes;
    long[] ot = maxTimes;
    Accumulator[] oa = accs;
    allocate(oa.length * 2);
    int mask = accs.length - 1;
    for (int j = 0; j < oa.length; j++) {
      if (oa[j] == null) {
        continue;
      }
      int i = hash(oi[j], ok[j], op[j]) & mask;
      while (accs[i] != null) {
        i = (i + 1) & mask;
      }
      ids[i] = oi[j];
      keys[i] = ok[j];
      panes[i] = op[j];
      maxTimes[i] = ot[j];
      accs[i] = oa[j];
    }
  }

  /** Visits every entry. */
  void forEach(Entry visitor) {
    for (int i = 0; i < accs.length; i++) {
      if (accs[i] != null) {
        visitor.accept(ids[i], keys[i], panes[i], maxTimes[i], accs[i]);
      }
    }
  }

  /** An entry of the table. */
  interface Entry {
    void accept(long id, String key, long pane, long maxTime, Accumulator acc);
  }
}
