/** Feature stores as Spark catalogs: feature types as tables, for SQL and for SaveMode semantics. */
package org.geostream.sql.catalog;
