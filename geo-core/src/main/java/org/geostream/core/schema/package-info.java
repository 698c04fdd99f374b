/**
 * GeoTools feature types in the forms the rest of GeoStream needs: a lossless JSON text and the
 * compact spec form ({@link org.geostream.core.schema.FeatureTypes}), Spark schemas ({@link
 * org.geostream.core.schema.FeatureSchemas}) and fast feature/row conversion ({@link
 * org.geostream.core.schema.FeatureRowConverter}).
 */
package org.geostream.core.schema;
