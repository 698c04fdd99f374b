package org.geostream.types.fn;

/**
 * The body of a scalar function: Java values in (never null unless the function is declared
 * null-tolerant), a Java value out (null for SQL NULL). Kernels are stateless and thread-safe; they
 * are never serialized (expressions find them again by name).
 */
@FunctionalInterface
public interface Kernel {
  /** Computes the result from the arguments, typed as the function's {@link ValueType}s say. */
  Object apply(Object[] args);
}
