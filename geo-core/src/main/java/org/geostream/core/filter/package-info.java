/**
 * What a GeoTools filter says about space and time, for stores to prune by: the area and time span
 * it can match ({@link org.geostream.core.filter.FilterBounds}), always a superset of its answer.
 */
package org.geostream.core.filter;
