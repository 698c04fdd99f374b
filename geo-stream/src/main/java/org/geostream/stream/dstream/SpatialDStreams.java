package org.geostream.stream.dstream;

import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.geostream.stream.KeySpec;
import org.geostream.stream.key.SpatialKeyer;
import org.geostream.stream.window.Rows;
import scala.Tuple2;

/**
 * Windowed spatial aggregation for the classic Spark Streaming (DStream) API: each record is keyed
 * by its cell (H3, geohash, grid or region, as in a pipeline's {@link KeySpec}) and attribute
 * values, and {@code reduceByKeyAndWindow} with an inverse function keeps per key the
 * {@link CellMoments} (count, sum, sum of squares) of the last {@code window}, refreshed every
 * {@code slide}: each refresh adds the newest batches and subtracts the ones that left the window,
 * so a window of 60 batches costs two batch reductions, not sixty. Keys whose count drops to zero
 * are dropped from the state.
 *
 * <p>Windows are those of the DStream: batch (processing) time, not event time. With one batch of
 * records per slide of event time, the results are the pipeline's sliding windows (the tests check
 * this against a pipeline on the same reports). The streaming context needs a checkpoint directory
 * ({@code reduceByKeyAndWindow} with an inverse function requires it).
 */
public final class SpatialDStreams {
  private SpatialDStreams() {}

  /** Where a record is, its attribute key values and its measure (NaN: none). */
  public record Located(double lon, double lat, String[] attributes, double measure) implements Serializable {}

  /**
   * The moments of {@code locate}'s measure per key (cell id, then attribute values separated by
   * {@code \u001f}) over {@code window}, every {@code slide}. Records whose point cannot be keyed
   * (NaN, out of range) are dropped; filter and quarantine them upstream when they matter.
   *
   * @param partitions partitions of the windowed state (0: Spark's default parallelism)
   */
  public static <T> JavaPairDStream<String, CellMoments> momentsByCellAndWindow(JavaDStream<T> records,
      KeySpec key, Function<T, Located> locate, Duration window, Duration slide, int partitions) {
    SpatialKeyer keyer = new SpatialKeyer(key);
    JavaPairDStream<String, CellMoments> keyed = records.flatMapToPair(r -> {
      Located l = locate.call(r);
      String cell;
      try {
        cell = keyer.key(l.lon(), l.lat());
      } catch (RuntimeException e) {
        return java.util.Collections.emptyIterator();
      }
      String k = Rows.key(cell, l.attributes() == null ? new String[0] : l.attributes());
      return java.util.List.of(new Tuple2<>(k, CellMoments.of(l.measure()))).iterator();
    });
    int n = partitions > 0 ? partitions : records.context().sparkContext().defaultParallelism();
    return keyed.reduceByKeyAndWindow(CellMoments::plus, CellMoments::minus, window, slide, n,
        (Function<Tuple2<String, CellMoments>, Boolean>) kv -> kv._2().count() > 0);
  }
}
