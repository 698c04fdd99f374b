/** The Spark SQL face of GeoStream: the session extension and {@link org.geostream.sql.GeoStream#register}. */
package org.geostream.sql;
