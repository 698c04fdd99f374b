package org.geostream.store.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.data.Query;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.geotools.api.feature.type.Name;
import org.geotools.api.filter.Filter;
import org.geotools.api.filter.Id;
import org.geotools.data.DataUtilities;
import org.geotools.data.store.ContentDataStore;
import org.geotools.data.store.ContentEntry;
import org.geotools.data.store.ContentFeatureSource;
import org.geotools.feature.NameImpl;
import org.geotools.filter.FilterAttributeExtractor;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.core.filter.FilterBounds;
import org.geostream.core.spi.BulkWritableDataStore;
import org.geostream.core.spi.ChangeFeedDataStore;
import org.geostream.core.spi.QuerySpec;
import org.geostream.core.spi.SplittableDataStore;
import org.geostream.core.spi.UpsertableDataStore;
import org.geostream.types.Errors;

/**
 * The embedded GeoParquet feature store: each feature type is a directory of GeoParquet 1.1 files
 * under {@code fs.path}, partitioned by its {@link PartitionScheme}, made of the files its commit
 * log ({@link TxLog}) lists.
 *
 * <p>Layout: {@code <fs.path>/<type>/_geostream/schema.json} (the feature type, its scheme and
 * date attribute), {@code <type>/_geostream/log/<version>.json} (the commits) and
 * {@code <type>/<partition>/part-<uuid>.parquet} (the data). Queries prune files by the bounds and
 * time range the log keeps per file, then row groups and pages by Parquet statistics on the bbox
 * covering and date columns, then filter exactly. Spark reads a query split by split
 * ({@link SplittableDataStore}) and writes in parallel with one commit for the whole job
 * ({@link BulkWritableDataStore}).
 *
 * <p>Guarantees: a commit is atomic (readers see all of it or none); a writer that dies leaves
 * only orphan files that no reader sees and {@link #vacuum} removes; concurrent readers are safe;
 * concurrent writers are serialised by the log, and an update that lost a race to another update of
 * the same file fails instead of overwriting it. Thread-safe.
 */
public final class FsDataStore extends ContentDataStore implements SplittableDataStore, UpsertableDataStore,
    ChangeFeedDataStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String META = "_geostream";

  private final FsParams params;
  private final Configuration conf;
  private final FileSystem fs;
  private final Path root;
  private final Map<String, FsType> types = new ConcurrentHashMap<>();

  FsDataStore(FsParams params) throws IOException {
    this.params = params;
    this.conf = new Configuration();
    Path p = new Path(params.path());
    // An instance of our own (not Hadoop's shared cache, which others may close); on local disks
    // the raw file system, so no .crc side files sit next to the data for other tools to list.
    FileSystem f = FileSystem.newInstance(p.toUri(), conf);
    if (f instanceof LocalFileSystem local) {
      f = local.getRaw();
    }
    this.fs = f;
    this.root = fs.makeQualified(p);
    try {
      fs.mkdirs(root);
      if (!fs.getFileStatus(root).isDirectory()) {
        throw new IOException("it is a file, not a directory");
      }
      Path probe = new Path(root, "." + UUID.randomUUID() + ".probe");
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (IOException e) {
      throw new IOException(Errors.message("open fs store", "the path is not a writable directory ("
          + e.getMessage() + ")", params.path()), e);
    }
  }

  /** The store's parameters. */
  public FsParams params() {
    return params;
  }

  // ------------------------------------------------------------------ schemas

  @Override
  protected List<Name> createTypeNames() throws IOException {
    List<Name> names = new ArrayList<>();
    for (FileStatus st : fs.listStatus(root)) {
      if (st.isDirectory() && fs.exists(new Path(st.getPath(), META + "/schema.json"))) {
        names.add(new NameImpl(namespaceURI, st.getPath().getName()));
      }
    }
    return names;
  }

  @Override
  public void createSchema(SimpleFeatureType type) throws IOException {
    String name = type.getTypeName();
    if (name == null || name.isBlank() || name.startsWith("_") || name.startsWith(".") || name.contains("/")) {
      throw new IOException(Errors.message("create feature type", "the name must not be empty, start with '_' or "
          + "'.', or contain '/'", name));
    }
    ParquetLayout.schema(type); // rejects unsupported attribute types, naming them
    Path dir = new Path(root, name);
    Path schema = new Path(dir, META + "/schema.json");
    if (fs.exists(schema)) {
      throw new IOException(Errors.message("create feature type", "it exists already in " + root, name));
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("featureType", FeatureTypes.encode(type));
    Object scheme = type.getUserData().get(FsParams.SCHEME.key);
    n.put("partitionScheme", scheme == null ? params.scheme().toString()
        : PartitionScheme.parse(scheme.toString()).toString());
    fs.mkdirs(new Path(dir, META + "/log"));
    Path tmp = new Path(dir, META + "/." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }
    if (!fs.rename(tmp, schema)) {
      fs.delete(tmp, false);
      throw new IOException(Errors.message("create feature type", "it was created concurrently", name));
    }
    types.remove(name);
  }

  @Override
  public void removeSchema(String typeName) throws IOException {
    Path dir = new Path(root, typeName);
    if (!fs.exists(new Path(dir, META + "/schema.json"))) {
      throw new IOException(Errors.message("remove feature type", "no such type in " + root, typeName));
    }
    fs.delete(dir, true);
    types.remove(typeName);
    removeEntry(name(typeName));
  }

  @Override
  public void removeSchema(Name typeName) throws IOException {
    removeSchema(typeName.getLocalPart());
  }

  /** The type named {@code typeName}, loaded from its schema file once. */
  FsType fsType(String typeName) throws IOException {
    FsType t = types.get(typeName);
    if (t != null) {
      return t;
    }
    Path dir = new Path(root, typeName);
    JsonNode n;
    try (InputStream in = fs.open(new Path(dir, META + "/schema.json"))) {
      n = JSON.readTree(in);
    } catch (FileNotFoundException e) {
      throw new IOException(Errors.message("read feature type", "no such type in " + root + " (types: "
          + Arrays.toString(getTypeNames()) + ")", typeName), e);
    }
    SimpleFeatureType type = FeatureTypes.decode(n.get("featureType").asText());
    t = FsType.of(type, PartitionScheme.parse(n.path("partitionScheme").asText("none")), fs, dir);
    types.put(typeName, t);
    return t;
  }

  @Override
  protected ContentFeatureSource createFeatureSource(ContentEntry entry) throws IOException {
    fsType(entry.getTypeName());
    return new FsFeatureStore(entry, null, this);
  }

  // ------------------------------------------------------------------ reading

  /** The files a query must read and what pruning left out. */
  record Plan(List<DataFile> files, int totalFiles, long totalRows) {
    long rows() {
      return files.stream().mapToLong(DataFile::rows).sum();
    }
  }

  Plan plan(FsType t, Query query) throws IOException {
    Filter filter = query.getFilter() == null ? Filter.INCLUDE : query.getFilter();
    FilterBounds bounds = FilterBounds.of(filter, t.geometry(), t.dtg());
    Set<String> ids = filter instanceof Id id ? id.getIDs().stream().map(Object::toString)
        .collect(java.util.stream.Collectors.toSet()) : null;
    TxLog.Snapshot s = t.log().snapshot();
    List<DataFile> keep = new ArrayList<>();
    for (DataFile f : s.files().values()) {
      if (!bounds.mayMatch(f.envelope(), f.minTime(), f.maxTime())) {
        continue;
      }
      if (ids != null && ids.stream().noneMatch(f::mayHoldFid)) {
        continue;
      }
      keep.add(f);
    }
    keep.sort(java.util.Comparator.comparing(DataFile::path));
    return new Plan(keep, s.files().size(), s.rows());
  }

  FeatureReader<SimpleFeatureType, SimpleFeature> reader(FsType t, Query query, List<DataFile> files)
      throws IOException {
    Filter filter = query.getFilter() == null ? Filter.INCLUDE : query.getFilter();
    SimpleFeatureType type = t.type();
    SimpleFeatureType resultType = type;
    SimpleFeatureType readType = type;
    if (!query.retrieveAllProperties()) {
      try {
        resultType = DataUtilities.createSubType(type, query.getPropertyNames());
        FilterAttributeExtractor fae = new FilterAttributeExtractor(type);
        filter.accept(fae, null);
        java.util.LinkedHashSet<String> needed = new java.util.LinkedHashSet<>(List.of(query.getPropertyNames()));
        needed.addAll(fae.getAttributeNameSet());
        if (t.dtg() != null) {
          needed.add(t.dtg());
        }
        List<String> ordered = new ArrayList<>();
        for (AttributeDescriptor d : type.getAttributeDescriptors()) {
          if (needed.contains(d.getLocalName())) {
            ordered.add(d.getLocalName());
          }
        }
        readType = ordered.size() == resultType.getAttributeCount() && ordered.equals(names(resultType))
            ? resultType : DataUtilities.createSubType(type, ordered.toArray(String[]::new));
      } catch (org.geotools.feature.SchemaException | IllegalArgumentException e) {
        throw new IOException(Errors.message("select properties of '" + type.getTypeName() + "'",
            String.valueOf(e.getMessage()), String.join(",", query.getPropertyNames())), e);
      }
    }
    FilterBounds bounds = FilterBounds.of(filter, t.geometry(), t.dtg());
    long max = query.isMaxFeaturesUnlimited() ? Long.MAX_VALUE : query.getMaxFeatures();
    return new FsReader(t, fs, conf, files, filter, readType, resultType, bounds, max);
  }

  private static List<String> names(SimpleFeatureType t) {
    return t.getAttributeDescriptors().stream().map(AttributeDescriptor::getLocalName).toList();
  }

  /** A split of a query: some of its files. */
  record FsSplit(QuerySpec query, List<DataFile> files) implements SplittableDataStore.Split {
    @Override
    public String describe() {
      return query + " over " + files.size() + " file(s) of " + files.stream().mapToLong(DataFile::rows).sum()
          + " rows";
    }
  }

  @Override
  public List<? extends Split> planSplits(Query query, int parallelism) throws IOException {
    FsType t = fsType(query.getTypeName());
    Plan plan = plan(t, query);
    QuerySpec spec = QuerySpec.of(query);
    if (!query.isMaxFeaturesUnlimited()) {
      return List.of(new FsSplit(spec, plan.files()));
    }
    return cut(spec, plan.files(), parallelism);
  }

  /**
   * {@code files} (in path order: partition, then name, so neighbours stay together) cut into splits
   * of about equal rows, at least {@code parallelism} of them when there are enough files.
   */
  private List<FsSplit> cut(QuerySpec spec, List<DataFile> files, int parallelism) {
    long total = Math.max(1, files.stream().mapToLong(DataFile::rows).sum());
    long target = Math.max(1, Math.min(total / Math.max(1, parallelism), params.fileRows()));
    List<FsSplit> splits = new ArrayList<>();
    List<DataFile> current = new ArrayList<>();
    long rows = 0;
    for (DataFile f : files) {
      current.add(f);
      rows += f.rows();
      if (rows >= target) {
        splits.add(new FsSplit(spec, current));
        current = new ArrayList<>();
        rows = 0;
      }
    }
    if (!current.isEmpty()) {
      splits.add(new FsSplit(spec, current));
    }
    return splits;
  }

  @Override
  public long latestVersion(String typeName) throws IOException {
    return fsType(typeName).log().snapshot().version();
  }

  /**
   * Splits over the files the commits in the range brought in ({@code TxLog#changes}: appends, and
   * what upserts wrote; never compaction or copy-on-write copies), pruned by the query's filter
   * like a batch read.
   *
   * @throws IOException when a version is not committed, or a file to read was replaced by a later
   *     commit and deleted by vacuum (the stream fell further behind than {@code fs.retention-seconds})
   */
  @Override
  public List<? extends Split> changeSplits(Query query, long fromExclusive, long toInclusive, int parallelism)
      throws IOException {
    FsType t = fsType(query.getTypeName());
    Filter filter = query.getFilter() == null ? Filter.INCLUDE : query.getFilter();
    FilterBounds bounds = FilterBounds.of(filter, t.geometry(), t.dtg());
    List<DataFile> keep = new ArrayList<>();
    for (DataFile f : t.log().changes(fromExclusive, toInclusive)) {
      if (!bounds.mayMatch(f.envelope(), f.minTime(), f.maxTime())) {
        continue;
      }
      if (!fs.exists(new Path(t.dir(), f.path()))) {
        throw new IOException(Errors.message("read the changes " + fromExclusive + ".." + toInclusive + " of '"
            + query.getTypeName() + "'", "the data file was replaced by a later commit and deleted by vacuum "
            + "(the reader fell more than fs.retention-seconds behind a compaction or update)", f.path()));
      }
      keep.add(f);
    }
    Query q = new Query(query);
    q.setMaxFeatures(Query.DEFAULT_MAX);
    return cut(QuerySpec.of(q), keep, parallelism);
  }

  @Override
  public FeatureReader<SimpleFeatureType, SimpleFeature> readSplit(Split split) throws IOException {
    FsSplit s = (FsSplit) split;
    return reader(fsType(s.query().typeName()), s.query().toQuery(), s.files());
  }

  /**
   * What a query would read: files and rows before and after pruning by the log, and rows left
   * after row-group and page statistics. Opens only the footers of the files that survive.
   */
  public ScanStats explain(Query query) throws IOException {
    FsType t = fsType(query.getTypeName());
    Plan plan = plan(t, query);
    FilterBounds bounds = FilterBounds.of(query.getFilter() == null ? Filter.INCLUDE : query.getFilter(),
        t.geometry(), t.dtg());
    return ScanStats.measure(t, fs, conf, plan, ParquetPredicates.of(bounds, t.dtg()));
  }

  // ------------------------------------------------------------------ writing

  FileSink sink(FsType t) {
    return new FileSink(t, params, fs, conf);
  }

  /** Rejects a feature the store cannot hold faithfully, naming it and the attribute. */
  void validate(FsType t, SimpleFeature f) throws IOException {
    SimpleFeatureType type = t.type();
    for (int i = 0; i < type.getAttributeCount(); i++) {
      Object v = f.getAttribute(i);
      Class<?> binding = type.getDescriptor(i).getType().getBinding();
      if (v != null && !binding.isInstance(v)) {
        throw new IOException(Errors.message("write feature '" + f.getID() + "' to '" + type.getTypeName() + "'",
            "attribute '" + type.getDescriptor(i).getLocalName() + "' must be " + binding.getSimpleName()
                + " but is " + v.getClass().getSimpleName(), v));
      }
    }
  }

  /** Removes files replaced longer ago than the retention, and orphans as old. */
  void cleanup(FsType t) throws IOException {
    t.log().vacuum(params.retentionMillis());
  }

  /**
   * Deletes data files of {@code typeName} that are not part of it any more (replaced by updates,
   * or left by failed writes) and older than {@code retentionMillis}. Returns how many went.
   */
  public int vacuum(String typeName, long retentionMillis) throws IOException {
    return fsType(typeName).log().vacuum(retentionMillis);
  }

  /** Result of one bulk-write task: the files it wrote, and for an upsert the ids it wrote. */
  record FsTaskResult(List<DataFile> files, List<String> fids) implements BulkWritableDataStore.TaskResult {}

  @Override
  public TaskWriter taskWriter(String typeName, int partition, long taskAttempt) throws IOException {
    return writer(typeName, false);
  }

  @Override
  public TaskWriter upsertWriter(String typeName, int partition, long taskAttempt) throws IOException {
    return writer(typeName, true);
  }

  private TaskWriter writer(String typeName, boolean keepIds) throws IOException {
    FsType t = fsType(typeName);
    FileSink sink = sink(t);
    List<String> fids = keepIds ? new ArrayList<>() : null;
    return new TaskWriter() {
      @Override
      public void write(SimpleFeature feature) throws IOException {
        SimpleFeature f = conform(t, feature);
        validate(t, f);
        sink.add(f);
        if (fids != null) {
          fids.add(f.getID());
        }
      }

      @Override
      public TaskResult finish() throws IOException {
        return new FsTaskResult(new ArrayList<>(sink.finish()), fids);
      }

      @Override
      public void abort() {
        sink.discard();
      }

      @Override
      public void close() {}
    };
  }

  /** {@code f} in the stored type's attribute order (by name), keeping its id. */
  private static SimpleFeature conform(FsType t, SimpleFeature f) throws IOException {
    SimpleFeatureType type = t.type();
    if (f.getFeatureType().equals(type) || f.getFeatureType() == type) {
      return f;
    }
    for (AttributeDescriptor d : f.getFeatureType().getAttributeDescriptors()) {
      if (type.getDescriptor(d.getLocalName()) == null) {
        throw new IOException(Errors.message("write feature '" + f.getID() + "' to '" + type.getTypeName() + "'",
            "attribute '" + d.getLocalName() + "' is not in the type (attributes: " + names(type) + ")", null));
      }
    }
    String id = f.getID() == null ? UUID.randomUUID().toString() : f.getID();
    return new org.geostream.core.feature.SerializableFeature(
        org.geostream.core.feature.Features.valuesFor(type, f), type, id);
  }

  @Override
  public void commit(String typeName, List<TaskResult> results) throws IOException {
    List<DataFile> files = new ArrayList<>();
    for (TaskResult r : results) {
      files.addAll(((FsTaskResult) r).files());
    }
    if (!files.isEmpty()) {
      fsType(typeName).log().commit("append", files, List.of());
    }
  }

  @Override
  public boolean canReplace() {
    return true;
  }

  /** One commit that adds the new files and removes every file the type held: an atomic overwrite. */
  @Override
  public void commitReplacing(String typeName, List<TaskResult> results) throws IOException {
    List<DataFile> files = new ArrayList<>();
    for (TaskResult r : results) {
      files.addAll(((FsTaskResult) r).files());
    }
    FsType t = fsType(typeName);
    t.log().commit("overwrite", files, new ArrayList<>(t.log().snapshot().files().keySet()));
    cleanup(t);
  }

  @Override
  public void abort(String typeName, List<TaskResult> results) {
    try {
      FsType t = fsType(typeName);
      for (TaskResult r : results) {
        for (DataFile f : ((FsTaskResult) r).files()) {
          fs.delete(new Path(t.dir(), f.path()), false);
        }
      }
    } catch (IOException e) {
      // Whatever stays behind is an orphan: never read, removed by vacuum.
    }
  }

  @Override
  public long committedSequence(String typeName, String writer) throws IOException {
    return fsType(typeName).log().snapshot().sequence(writer);
  }

  /**
   * One commit that adds the new files, rewrites every file holding an older version of an
   * upserted id without it (copy on write, like an update), and records {@code (writer,
   * sequence)}. Candidate files are found by their id ranges in the log, so writers whose ids
   * grow with time (a window start first) rewrite only recent files.
   */
  @Override
  public boolean commitUpsert(String typeName, List<TaskResult> results, String writer, long sequence)
      throws IOException {
    FsType t = fsType(typeName);
    List<DataFile> added = new ArrayList<>();
    java.util.TreeSet<String> ids = new java.util.TreeSet<>();
    for (TaskResult r : results) {
      FsTaskResult fr = (FsTaskResult) r;
      added.addAll(fr.files());
      if (fr.fids() == null) {
        throw new IllegalArgumentException("Cannot upsert into '" + typeName + "': the parts were not written by "
            + "upsertWriter, so their ids are unknown");
      }
      ids.addAll(fr.fids());
    }
    TxLog.Snapshot s = t.log().snapshot();
    if (s.sequence(writer) >= sequence) {
      abort(typeName, results);
      return false;
    }
    FileSink sink = sink(t);
    List<String> removed = new ArrayList<>();
    try {
      for (DataFile f : s.files().values()) {
        if (f.minFid() == null) {
          continue;
        }
        String first = ids.ceiling(f.minFid());
        if (first == null || first.compareTo(f.maxFid()) > 0) {
          continue;
        }
        List<SimpleFeature> keep = new ArrayList<>();
        boolean hit = false;
        try (FeatureReader<SimpleFeatureType, SimpleFeature> r = reader(t, new Query(typeName), List.of(f))) {
          while (r.hasNext()) {
            SimpleFeature feature = r.next();
            if (ids.contains(feature.getID())) {
              hit = true;
            } else {
              keep.add(feature);
            }
          }
        }
        if (hit) {
          for (SimpleFeature k : keep) {
            sink.add(k);
          }
          removed.add(f.path());
        }
      }
      List<DataFile> copies = sink.finish();
      added.addAll(copies);
      if (t.log().commit("upsert", added, removed, writer, sequence,
          copies.stream().map(DataFile::path).toList()) < 0) {
        sink.discard();
        abort(typeName, results);
        return false;
      }
    } catch (IOException | RuntimeException e) {
      sink.discard();
      abort(typeName, results);
      throw e;
    }
    if (!removed.isEmpty()) {
      cleanup(t);
    }
    return true;
  }

  /**
   * Merges the small files of each partition of {@code typeName} (fewer rows than a quarter of
   * {@code fs.file-rows}) into as few files as the partition needs, in one commit; readers see the
   * same features before and after. Streaming upserts leave many small files behind; a sink calls
   * this every few batches. Returns the number of files merged away.
   */
  public int compact(String typeName, int minFiles) throws IOException {
    FsType t = fsType(typeName);
    java.util.Map<String, List<DataFile>> small = new java.util.TreeMap<>();
    for (DataFile f : t.log().snapshot().files().values()) {
      if (f.rows() < params.fileRows() / 4) {
        small.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f);
      }
    }
    FileSink sink = sink(t);
    List<String> removed = new ArrayList<>();
    try {
      for (List<DataFile> files : small.values()) {
        if (files.size() < Math.max(2, minFiles)) {
          continue;
        }
        try (FeatureReader<SimpleFeatureType, SimpleFeature> r = reader(t, new Query(typeName), files)) {
          while (r.hasNext()) {
            sink.add(r.next());
          }
        }
        files.forEach(f -> removed.add(f.path()));
      }
      List<DataFile> added = sink.finish();
      if (removed.isEmpty()) {
        return 0;
      }
      t.log().commit("compact", added, removed);
    } catch (IOException | RuntimeException e) {
      sink.discard();
      throw e;
    }
    cleanup(t);
    return removed.size();
  }

  @Override
  public void dispose() {
    super.dispose();
    types.clear();
  }
}
