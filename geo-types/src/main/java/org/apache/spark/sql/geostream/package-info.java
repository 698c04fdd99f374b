/**
 * The Spark side of geo-types, kept in one package because it extends Catalyst's internal classes
 * (expressions, aggregates, UDTs and their registration): the reach into Spark internals is here
 * and nowhere else in the module.
 */
package org.apache.spark.sql.geostream;
