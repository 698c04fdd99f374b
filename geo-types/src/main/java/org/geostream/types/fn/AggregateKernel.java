package org.geostream.types.fn;

/**
 * The body of an aggregate over geometries: a mutable buffer that values are added to, buffers
 * merged, and a result finished. Buffers travel between executors as bytes. Null inputs are skipped
 * before {@link #add} is called; an aggregate over no rows gives null.
 *
 * @param <B> the buffer type
 */
public interface AggregateKernel<B> {
  /** A new empty buffer. */
  B create();

  /** Adds one non-null input value; may return a new buffer. */
  B add(B buffer, Object value);

  /** Merges {@code other} into {@code buffer}; may return a new buffer. */
  B merge(B buffer, B other);

  /** The result for a buffer (null when nothing was added). */
  Object finish(B buffer);

  /** The buffer as bytes, for shuffles. */
  byte[] serialize(B buffer);

  /** The buffer from {@link #serialize} bytes. */
  B deserialize(byte[] bytes);
}
