/** GeoTools features as GeoStream moves them around Spark: serialisable, detached from readers. */
package org.geostream.core.feature;
