package org.geostream.types.fn;

/**
 * One aggregate SQL function over a single argument.
 *
 * @param name the SQL name
 * @param input the argument type
 * @param result the result type
 * @param kernel the body
 * @param doc one paragraph for the reference
 * @param example a SQL query the reference shows executed
 */
public record AggregateDef(
    String name, ValueType input, ValueType result, AggregateKernel<?> kernel, String doc, String example)
{}
