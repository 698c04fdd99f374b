package org.geostream.core.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.geotools.api.feature.simple.SimpleFeature;

/**
 * A data store that takes a parallel write as one atomic commit: every RDD partition writes its
 * part with a {@link TaskWriter} on an executor, then the driver commits all parts at once (or
 * aborts them all). The same two-phase shape as Spark's DataSource V2 {@code BatchWrite}.
 *
 * <p>Without this interface the generic provider writes one GeoTools transaction per partition.
 */
public interface BulkWritableDataStore {

  /** What one task wrote, sent back to the driver to be committed. */
  interface TaskResult extends Serializable {}

  /** Writes the features of one task; not thread-safe, one per task. */
  interface TaskWriter extends Closeable {
    /** Adds one feature (its id kept when it has one). */
    void write(SimpleFeature feature) throws IOException;

    /** Finishes the task's part, leaving it invisible until {@link #commit} on the driver. */
    TaskResult finish() throws IOException;

    /** Discards what this task wrote. */
    void abort();
  }

  /** A writer for one task of a bulk write into {@code typeName} (runs on an executor). */
  TaskWriter taskWriter(String typeName, int partition, long taskAttempt) throws IOException;

  /** Makes the parts of all tasks visible at once (runs on the driver). */
  void commit(String typeName, List<TaskResult> results) throws IOException;

  /**
   * Makes the parts of all tasks the whole content of the type, replacing everything it held, in
   * one step (an atomic overwrite). Stores that cannot do it say so with {@link #canReplace()}.
   */
  default void commitReplacing(String typeName, List<TaskResult> results) throws IOException {
    throw new UnsupportedOperationException("Cannot replace the content of '" + typeName + "' atomically");
  }

  /** Whether {@link #commitReplacing} is supported. */
  default boolean canReplace() {
    return false;
  }

  /** Discards the parts of all tasks (runs on the driver after a failed job). */
  void abort(String typeName, List<TaskResult> results);
}
