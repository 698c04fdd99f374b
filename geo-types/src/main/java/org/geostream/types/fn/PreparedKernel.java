package org.geostream.types.fn;

import org.locationtech.jts.geom.Geometry;

/**
 * A predicate evaluated against a constant geometry prepared once: {@code test(prepared, other)}
 * where {@code other} is the per-row argument. Thread-safe.
 */
@FunctionalInterface
public interface PreparedKernel {
  /** Evaluates the predicate with the constant argument prepared. */
  boolean test(Prepared prepared, Geometry other);
}
