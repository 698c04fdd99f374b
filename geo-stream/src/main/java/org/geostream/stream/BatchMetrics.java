package org.geostream.stream;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * What one micro-batch did. {@code in == accepted + quarantined} always; {@code late} records are
 * accepted ones whose windows had all closed. The last four fields come from Spark's own progress
 * report of the batch ({@link StreamingQueryProgress}, delivered through a
 * {@code StreamingQueryListener}) and are -1 where it was not known (the metrics kept in the
 * checkpoint, written before Spark reports).
 *
 * @param batch the micro-batch id
 * @param in records read
 * @param accepted records that parsed and validated
 * @param quarantined records sent to quarantine
 * @param late accepted records beyond the watermark
 * @param results window results written (upserts)
 * @param cells distinct keys among the results
 * @param skipped whether the store had this batch already (a replay after a failure)
 * @param stateRows keys holding window state after the batch
 * @param watermarkMs the event-time watermark the batch ran with (epoch milliseconds)
 * @param watermarkLagMs the newest event time of the batch minus the watermark
 * @param durationMs wall-clock time of the batch
 */
public record BatchMetrics(long batch, long in, long accepted, long quarantined, long late, long results, long cells,
    boolean skipped, long stateRows, long watermarkMs, long watermarkLagMs, long durationMs) {

  /** Metrics known to the sink, before Spark's progress report. */
  public BatchMetrics(long batch, long in, long accepted, long quarantined, long late, long results, long cells,
      boolean skipped) {
    this(batch, in, accepted, quarantined, late, results, cells, skipped, -1, -1, -1, -1);
  }

  /** These metrics completed with Spark's progress report of the same batch. */
  public BatchMetrics withProgress(StreamingQueryProgress p) {
    long state = 0;
    for (StateOperatorProgress op : p.stateOperators()) {
      state += op.numRowsTotal();
    }
    Map<String, String> times = p.eventTime();
    long watermark = instant(times.get("watermark"));
    watermark = watermark <= 0 ? -1 : watermark; // none yet: Spark reports the epoch before the first watermark
    long max = instant(times.get("max"));
    long lag = watermark >= 0 && max >= 0 ? Math.max(0, max - watermark) : -1;
    return new BatchMetrics(batch, in, accepted, quarantined, late, results, cells, skipped, state, watermark, lag,
        p.batchDuration());
  }

  private static long instant(String iso) {
    return iso == null ? -1 : Instant.parse(iso).toEpochMilli();
  }

  /** The progress line of the command line. */
  public String line() {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "batch %d: %d in, %d accepted, %d quarantined, %d late, %d results over %d keys", batch, in, accepted,
        quarantined, late, results, cells));
    if (stateRows >= 0) {
      b.append(String.format(Locale.ROOT, ", %d keys in state", stateRows));
    }
    if (watermarkMs > 0) {
      b.append(", watermark ").append(Instant.ofEpochMilli(watermarkMs));
    }
    if (watermarkLagMs >= 0) {
      b.append(String.format(Locale.ROOT, " (lag %.1f min)", watermarkLagMs / 60_000.0));
    }
    if (durationMs >= 0) {
      b.append(String.format(Locale.ROOT, ", %.2f s", durationMs / 1000.0));
    }
    if (skipped) {
      b.append(" (already committed: replay skipped)");
    }
    return b.toString();
  }
}
