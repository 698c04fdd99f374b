package org.geostream.store.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.filter.Filter;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.filter.FilterBounds;
import org.geostream.types.Errors;

/**
 * Reads the features of a list of data files that match a filter: row groups and pages are
 * skipped by the Parquet predicate on the bbox covering and date columns, rows by the same
 * predicate, then the GeoTools filter decides exactly. Features come out in the result type (the
 * query's properties). Not thread-safe.
 */
final class FsReader implements FeatureReader<SimpleFeatureType, SimpleFeature> {
  private final FsType type;
  private final Configuration conf;
  private final org.apache.hadoop.fs.FileSystem fs;
  private final Iterator<DataFile> files;
  private final Filter filter;
  private final java.util.function.Predicate<SimpleFeature> matches;
  private final SimpleFeatureType readType;
  private final SimpleFeatureType resultType;
  private final int[] projection;
  private final FilterPredicate predicate;
  private final boolean needsBbox;
  private long remaining;
  private FileRows current;
  private final org.apache.parquet.ParquetReadOptions options;
  private final FeatureReadSupport support;
  private String currentPath;
  private SimpleFeature next;

  FsReader(FsType type, org.apache.hadoop.fs.FileSystem fs, Configuration conf, List<DataFile> files, Filter filter, SimpleFeatureType readType,
      SimpleFeatureType resultType, FilterBounds bounds, long maxFeatures) {
    this.type = type;
    this.conf = conf;
    this.fs = fs;
    this.files = files.iterator();
    this.filter = filter == null ? Filter.INCLUDE : filter;
    this.matches = FastFilter.compile(this.filter, readType);
    this.readType = readType;
    this.resultType = resultType;
    this.predicate = ParquetPredicates.of(bounds, type.dtg() != null && readType.getDescriptor(type.dtg()) != null
        ? type.dtg() : null);
    this.needsBbox = bounds.area() != null;
    org.apache.parquet.ParquetReadOptions.Builder ob = org.apache.parquet.HadoopReadOptions.builder(conf);
    if (predicate != null) {
      ob.withRecordFilter(FilterCompat.get(predicate));
    }
    this.options = ob.build();
    this.support = new FeatureReadSupport(readType, needsBbox);
    this.remaining = maxFeatures;
    this.projection = new int[resultType.getAttributeCount()];
    for (int i = 0; i < projection.length; i++) {
      projection[i] = readType.indexOf(resultType.getDescriptor(i).getLocalName());
    }
  }

  @Override
  public SimpleFeatureType getFeatureType() {
    return resultType;
  }

  @Override
  public boolean hasNext() throws IOException {
    while (next == null && remaining > 0) {
      if (current == null) {
        if (!files.hasNext()) {
          return false;
        }
        open(files.next());
      }
      SimpleFeature f;
      try {
        f = current.next();
      } catch (IOException | RuntimeException e) {
        throw corrupt(e);
      }
      if (f == null) {
        current.close();
        current = null;
      } else if (filter == Filter.INCLUDE || matches.test(f)) {
        next = project(f);
        remaining--;
      }
    }
    return next != null;
  }

  private void open(DataFile f) throws IOException {
    Path p = new Path(type.dir(), f.path());
    currentPath = p.toString();
    try {
      current = new FileRows(FsFiles.input(fs, p, f.bytes()), options, support);
    } catch (FileNotFoundException e) {
      throw new IOException(Errors.message("read data file", "the file is gone: a newer commit replaced it and "
          + "vacuum removed it (run the query again), or it was moved or deleted outside the store", currentPath), e);
    } catch (IOException | RuntimeException e) {
      throw corrupt(e);
    }
  }

  private IOException corrupt(Exception e) {
    return new IOException(Errors.message("read data file", "the file is corrupt or not GeoParquet ("
        + e.getMessage() + ")", currentPath), e);
  }

  private SimpleFeature project(SimpleFeature f) {
    if (resultType == readType) {
      return f;
    }
    Object[] out = new Object[projection.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.getAttribute(projection[i]);
    }
    return new SerializableFeature(out, resultType, f.getID());
  }

  @Override
  public SimpleFeature next() throws IOException {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    SimpleFeature f = next;
    next = null;
    return f;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
