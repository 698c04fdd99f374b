package org.geostream.core.spi;

import java.io.IOException;
import java.util.List;

/**
 * A bulk-writable store that also takes a parallel write as an idempotent upsert: features whose
 * ids the type already holds are replaced, the others added, all in one commit that records who
 * wrote it and the sequence number of the write. A writer that replays a write after a failure
 * (a streaming sink re-running a micro-batch) finds it committed and skips it, so each write
 * counts exactly once.
 */
public interface UpsertableDataStore extends BulkWritableDataStore {

  /** A task writer whose result remembers the ids it wrote, for {@link #commitUpsert}. */
  TaskWriter upsertWriter(String typeName, int partition, long taskAttempt) throws IOException;

  /**
   * The highest sequence number {@code writer} has committed into {@code typeName}, or -1 when it
   * never has.
   */
  long committedSequence(String typeName, String writer) throws IOException;

  /**
   * Commits the parts of all tasks as one upsert recorded as {@code (writer, sequence)}. When that
   * writer has already committed {@code sequence} or a later one, nothing changes, the parts are
   * discarded and the result is false.
   */
  boolean commitUpsert(String typeName, List<TaskResult> results, String writer, long sequence) throws IOException;
}
