/**
 * Kryo serializers for JTS geometries, envelopes, GeoTools features and feature types, installed
 * by {@link org.geostream.core.GeoStreamKryoRegistrator}
 * ({@code spark.kryo.registrator=org.geostream.core.GeoStreamKryoRegistrator}). Geometries use the
 * EWKB encoding of geometry columns; features carry their type as JSON text so every record stands
 * alone.
 */
package org.geostream.core.kryo;
