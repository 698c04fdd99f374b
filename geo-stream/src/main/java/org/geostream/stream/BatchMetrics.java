package org.geostream.stream;

/**
 * What one micro-batch did. {@code in == accepted + quarantined} always; {@code late} records are
 * accepted ones whose windows had all closed.
 *
 * @param batch the micro-batch id
 * @param in records read
 * @param accepted records that parsed and validated
 * @param quarantined records sent to quarantine
 * @param late accepted records beyond the watermark
 * @param results window results written (upserts)
 * @param cells distinct keys among the results
 * @param skipped whether the store had this batch already (a replay after a failure)
 */
public record BatchMetrics(long batch, long in, long accepted, long quarantined, long late, long results, long cells,
    boolean skipped) {

  /** The progress line of the command line. */
  public String line() {
    return String.format(java.util.Locale.ROOT,
        "batch %d: %d in, %d accepted, %d quarantined, %d late, %d results over %d keys%s", batch, in, accepted,
        quarantined, late, results, cells, skipped ? " (already committed: replay skipped)" : "");
  }
}
