package org.geostream.types.fn;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One signature of one SQL function: its name, argument and result types, kernel and reference
 * text. Several defs may share a name with different arities (optional arguments).
 *
 * @param name the SQL name as users write it (lookup is case-insensitive)
 * @param args the argument types, in order
 * @param result the result type
 * @param kernel the body
 * @param doc one paragraph for the reference: what it computes, null/empty behaviour
 * @param example a SQL expression whose evaluation the reference shows
 * @param nullTolerant when true the kernel also receives null arguments instead of null-in-null-out
 * @param preparedFirst when non-null, used when the first argument is constant, prepared once
 * @param preparedSecond when non-null, used when the second argument is constant, prepared once
 * @param geomesa when non-null, the kernel used under {@code spark.geostream.compat=geomesa}
 * @param direct when non-null, a static method computing the same as the kernel from unboxed
 *     arguments, which generated code calls directly (see {@link Catalog.Sig#direct})
 * @param pointInAreaFirst when non-null and the first argument is a constant polygonal geometry and
 *     the second a point, the result is this test of the point's location (a JTS {@code Location})
 * @param pointInAreaSecond the same with the roles swapped
 */
public record FunctionDef(
    String name,
    List<ValueType> args,
    ValueType result,
    Kernel kernel,
    String doc,
    String example,
    boolean nullTolerant,
    PreparedKernel preparedFirst,
    PreparedKernel preparedSecond,
    Kernel geomesa,
    Method direct,
    IntPredicate pointInAreaFirst,
    IntPredicate pointInAreaSecond) {}
