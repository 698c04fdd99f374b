/**
 * The spatial function catalogue as Spark-free definitions: each family of functions (constructors,
 * accessors, predicates, measures, processing, outputs, cells, aggregates) is one class that lists
 * its {@link org.geostream.types.fn.FunctionDef}s; the Spark adapter turns them into Catalyst
 * expressions.
 */
package org.geostream.types.fn;
