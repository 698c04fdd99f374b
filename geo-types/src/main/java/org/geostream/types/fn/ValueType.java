package org.geostream.types.fn;

/**
 * The types of function arguments and results, as the kernels see them (Java values). The Spark
 * adapter maps each to a SQL type and converts values at the boundary.
 */
public enum ValueType {
  /** A JTS {@code Geometry}; SQL type: the geometry UDT. */
  GEOMETRY,
  /** The encoded bytes of a geometry, handed over undecoded for fast paths; SQL type: geometry. */
  GEOMETRY_BYTES,
  /** {@code Double}. */
  DOUBLE,
  /** {@code Integer}. */
  INT,
  /** {@code Long}. */
  LONG,
  /** {@code Boolean}. */
  BOOLEAN,
  /** {@code String}. */
  STRING,
  /** {@code byte[]}. */
  BINARY,
  /** {@code Geometry[]}; SQL type: array of geometry. */
  GEOMETRY_ARRAY,
  /** {@code long[]}; SQL type: array of bigint. */
  LONG_ARRAY,
  /** {@code String[]}; SQL type: array of string. */
  STRING_ARRAY,
  /** {@code double[]}; SQL type: array of double. */
  DOUBLE_ARRAY
}
