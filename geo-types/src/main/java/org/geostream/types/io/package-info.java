/** Text formats of geometries (WKT/EWKT, GeoJSON, lat/lon text) and checks shared by readers. */
package org.geostream.types.io;
