/** The binary encoding of geometry values (little-endian EWKB), read and written without JTS's WKB classes for speed. */
package org.geostream.types.codec;
