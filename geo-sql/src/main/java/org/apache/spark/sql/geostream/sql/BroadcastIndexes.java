package org.apache.spark.sql.geostream.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.sql.catalyst.InternalRow;
import org.geostream.sql.join.BuildGeometry;
import org.geostream.sql.join.BuildIndex;
import org.geostream.sql.join.JoinPredicate;

/**
 * The index of a broadcast build side, built once per executor JVM and shared by its tasks.
 *
 * <p>Spark broadcasts the build rows as an array ({@code IdentityBroadcastMode}: its broadcast
 * exchange accepts no other relation type than rows or a hashed relation) and hands every task of
 * an executor the same array object. The indexes are kept here per array, weakly: when Spark drops
 * the broadcast, its array and the indexes built from it can be collected. Thread-safe.
 */
final class BroadcastIndexes {
  private static final Map<InternalRow[], Map<List<Object>, Holder>> INDEXES = new WeakHashMap<>();

  private BroadcastIndexes() {}

  /** One index, built by the first task that needs it while the others wait. */
  private static final class Holder {
    private BuildIndex index;

    synchronized BuildIndex get(InternalRow[] rows, SideGeometry geometry, JoinPredicate predicate) {
      if (index == null) {
        index = build(rows, geometry, predicate);
      }
      return index;
    }
  }

  /** The index of {@code rows} by {@code geometry} for {@code predicate}. */
  static BuildIndex get(InternalRow[] rows, SideGeometry geometry, JoinPredicate predicate) {
    // What the index depends on: the geometry expression and how envelopes are grown.
    List<Object> key = List.of(geometry.bound(), predicate.relation().isDistance(), predicate.distance());
    Holder holder;
    synchronized (INDEXES) {
      holder = INDEXES.computeIfAbsent(rows, r -> new HashMap<>()).computeIfAbsent(key, k -> new Holder());
    }
    return holder.get(rows, geometry, predicate);
  }

  private static BuildIndex build(InternalRow[] rows, SideGeometry geometry, JoinPredicate predicate) {
    List<BuildGeometry> geometries = new ArrayList<>(rows.length);
    for (InternalRow row : rows) {
      byte[] encoded = geometry.encoded(row);
      if (encoded != null) {
        geometries.add(new BuildGeometry(row, geometries.size(), encoded));
      }
    }
    return new BuildIndex(geometries, predicate);
  }
}
