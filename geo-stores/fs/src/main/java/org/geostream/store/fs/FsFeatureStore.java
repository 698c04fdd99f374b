package org.geostream.store.fs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.data.FeatureWriter;
import org.geotools.api.data.Query;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.filter.Filter;
import org.geotools.data.store.ContentEntry;
import org.geotools.data.store.ContentFeatureStore;
import org.geotools.feature.simple.SimpleFeatureImpl;
import org.geotools.filter.identity.FeatureIdImpl;
import org.geotools.geometry.jts.ReferencedEnvelope;
import org.geotools.util.factory.Hints;
import org.geostream.core.feature.SerializableFeature;

/**
 * One feature type of the fs store through the GeoTools API: filtered, projected and limited
 * reads ({@link FsReader}), appends, and updates and deletes by any filter.
 *
 * <p>Files are immutable. An append writes new files and commits them when the writer closes. An
 * update or delete rewrites each file holding a matching feature (copy on write: its other
 * features are copied unchanged) and commits the new files and the removal of the old ones as one
 * commit, so readers see all of an update or none of it. Bounds and counts of unfiltered queries
 * come from the commit log without reading data.
 */
final class FsFeatureStore extends ContentFeatureStore {
  private final FsDataStore store;

  FsFeatureStore(ContentEntry entry, Query query, FsDataStore store) {
    super(entry, query);
    this.store = store;
  }

  private FsType fsType() throws IOException {
    return store.fsType(getEntry().getTypeName());
  }

  @Override
  protected SimpleFeatureType buildFeatureType() throws IOException {
    return fsType().type();
  }

  @Override
  protected ReferencedEnvelope getBoundsInternal(Query query) throws IOException {
    FsType t = fsType();
    if (query.getFilter() != null && query.getFilter() != Filter.INCLUDE) {
      return null;
    }
    ReferencedEnvelope env = new ReferencedEnvelope(t.type().getCoordinateReferenceSystem());
    for (DataFile f : t.log().snapshot().files().values()) {
      if (f.bbox() != null) {
        env.expandToInclude(f.envelope());
      }
    }
    return env;
  }

  @Override
  protected int getCountInternal(Query query) throws IOException {
    if (query.getFilter() != null && query.getFilter() != Filter.INCLUDE) {
      return -1;
    }
    long rows = fsType().log().snapshot().rows();
    if (!query.isMaxFeaturesUnlimited()) {
      rows = Math.min(rows, query.getMaxFeatures());
    }
    return (int) Math.min(Integer.MAX_VALUE, rows);
  }

  @Override
  protected FeatureReader<SimpleFeatureType, SimpleFeature> getReaderInternal(Query query) throws IOException {
    FsType t = fsType();
    return store.reader(t, query, store.plan(t, query).files());
  }

  @Override
  protected org.geotools.api.data.QueryCapabilities buildQueryCapabilities() {
    return new org.geotools.api.data.QueryCapabilities() {
      @Override
      public boolean isUseProvidedFIDSupported() {
        return true;
      }
    };
  }

  /** No GeoTools feature events: firing one per written feature cost a sixth of append time. */
  @Override
  protected boolean canEvent() {
    return true;
  }

  @Override
  protected boolean canFilter(Query query) {
    return true;
  }

  @Override
  protected boolean canRetype(Query query) {
    return true;
  }

  @Override
  protected boolean canLimit(Query query) {
    return true;
  }

  @Override
  protected FeatureWriter<SimpleFeatureType, SimpleFeature> getWriterInternal(Query query, int flags)
      throws IOException {
    FsType t = fsType();
    if ((flags & WRITER_ADD) != 0) {
      return new AppendWriter(t);
    }
    return new UpdateWriter(t, query.getFilter() == null ? Filter.INCLUDE : query.getFilter());
  }

  /** A fresh feature for a writer to fill: all attributes null, id {@code <prefix>-<n>}. */
  static SimpleFeature blank(SimpleFeatureType type, String prefix, long n) {
    return new SerializableFeature(new Object[type.getAttributeCount()], type, prefix + "-" + n);
  }

  /** The id a written feature is stored under: the provided one when asked for, else its own. */
  static SimpleFeature withProvidedId(SimpleFeature f) {
    Object provided = f.getUserData().get(Hints.PROVIDED_FID);
    if (provided != null && f instanceof SimpleFeatureImpl impl) {
      ((FeatureIdImpl) impl.getIdentifier()).setID(provided.toString());
    }
    return f;
  }

  /** Appends: buffered into files, committed on close. */
  private final class AppendWriter implements FeatureWriter<SimpleFeatureType, SimpleFeature> {
    private final FsType type;
    private final FileSink sink;
    // Ids of features written without one: one random prefix per writer, then a counter.
    private final String idPrefix = UUID.randomUUID().toString();
    private long written;
    private SimpleFeature current;

    AppendWriter(FsType type) {
      this.type = type;
      this.sink = store.sink(type);
    }

    @Override
    public SimpleFeatureType getFeatureType() {
      return type.type();
    }

    @Override
    public SimpleFeature next() {
      current = blank(type.type(), idPrefix, written++);
      return current;
    }

    @Override
    public void remove() {
      current = null;
    }

    @Override
    public void write() throws IOException {
      if (current == null) {
        throw new IOException("Cannot write feature: call next() first");
      }
      store.validate(type, current);
      sink.add(withProvidedId(current));
      current = null;
    }

    @Override
    public boolean hasNext() {
      return false;
    }

    @Override
    public void close() throws IOException {
      List<DataFile> files;
      try {
        files = sink.finish();
        if (!files.isEmpty()) {
          type.log().commit("append", files, List.of());
        }
      } catch (IOException | RuntimeException e) {
        sink.discard();
        throw e;
      }
    }
  }

  /**
   * Updates and deletes: walks the features of every file that may hold a match; matching ones are
   * handed out to be changed or removed, the rest are carried over; files with a change are
   * rewritten and swapped in one commit on close.
   */
  private final class UpdateWriter implements FeatureWriter<SimpleFeatureType, SimpleFeature> {
    private final FsType type;
    private final Filter filter;
    private final List<DataFile> candidates;
    private final FileSink sink;
    private final List<String> removed = new ArrayList<>();
    private int fileIndex = -1;
    private FeatureReader<SimpleFeatureType, SimpleFeature> reader;
    private final List<SimpleFeature> keep = new ArrayList<>();
    private boolean changed;
    private SimpleFeature pending;
    private SimpleFeature current;

    UpdateWriter(FsType type, Filter filter) throws IOException {
      this.type = type;
      this.filter = filter;
      this.candidates = store.plan(type, new Query(type.type().getTypeName(), filter)).files();
      this.sink = store.sink(type);
    }

    @Override
    public SimpleFeatureType getFeatureType() {
      return type.type();
    }

    @Override
    public boolean hasNext() throws IOException {
      settle();
      while (pending == null) {
        if (reader != null && reader.hasNext()) {
          SimpleFeature f = reader.next();
          if (filter.evaluate(f)) {
            pending = f;
          } else {
            keep.add(f);
          }
          continue;
        }
        endFile();
        if (++fileIndex >= candidates.size()) {
          return false;
        }
        DataFile f = candidates.get(fileIndex);
        reader = store.reader(type, new Query(type.type().getTypeName()), List.of(f));
      }
      return true;
    }

    @Override
    public SimpleFeature next() throws IOException {
      if (!hasNext()) {
        throw new NoSuchElementException("Cannot update: no more features match");
      }
      current = pending;
      pending = null;
      return current;
    }

    /** A feature handed out and neither written nor removed is kept unchanged. */
    private void settle() {
      if (current != null) {
        keep.add(current);
        current = null;
      }
    }

    @Override
    public void write() throws IOException {
      if (current == null) {
        throw new IOException("Cannot write feature: call next() first");
      }
      store.validate(type, current);
      keep.add(current);
      current = null;
      changed = true;
    }

    @Override
    public void remove() {
      current = null;
      changed = true;
    }

    private void endFile() throws IOException {
      settle();
      if (reader != null) {
        reader.close();
        reader = null;
        if (changed) {
          for (SimpleFeature f : keep) {
            sink.add(f);
          }
          removed.add(candidates.get(fileIndex).path());
        }
      }
      keep.clear();
      changed = false;
    }

    @Override
    public void close() throws IOException {
      try {
        // Changes to the file being walked count too.
        if (fileIndex >= 0 && fileIndex < candidates.size()) {
          settle();
          if (pending != null) {
            keep.add(pending);
            pending = null;
          }
          while (reader != null && reader.hasNext()) {
            keep.add(reader.next());
          }
          endFile();
        }
        List<DataFile> files = sink.finish();
        if (!removed.isEmpty()) {
          type.log().commit("update", files, removed);
          store.cleanup(type);
        }
      } catch (IOException | RuntimeException e) {
        sink.discard();
        throw e;
      }
    }
  }
}
