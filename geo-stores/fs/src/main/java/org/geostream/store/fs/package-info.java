/**
 * The fs store: GeoStream's embedded feature store, a GeoTools {@link org.geotools.api.data.DataStore}
 * over directories of GeoParquet 1.1 files with an atomic commit log. Open it with
 * {@code DataStoreFinder.getDataStore(Map.of("fs.path", dir))}; see {@link org.geostream.store.fs.FsParams}
 * for the settings and {@link org.geostream.store.fs.FsDataStore} for the layout and guarantees.
 */
package org.geostream.store.fs;
