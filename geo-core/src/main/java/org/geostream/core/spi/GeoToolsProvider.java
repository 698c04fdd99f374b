package org.geostream.core.spi;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.data.FeatureWriter;
import org.geotools.api.data.Query;
import org.geotools.api.data.Transaction;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.GeometryDescriptor;
import org.geotools.api.filter.Filter;
import org.geotools.api.filter.FilterFactory;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.crs.GeographicCRS;
import org.geotools.data.DataUtilities;
import org.geotools.data.DefaultTransaction;
import org.geotools.factory.CommonFactoryFinder;
import org.geotools.geometry.jts.ReferencedEnvelope;
import org.geostream.core.feature.Features;
import org.geostream.types.Errors;
import org.geostream.types.GeoStreamException;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The provider for any GeoTools {@link DataStore} found by {@code DataStoreFinder} from the
 * parameters.
 *
 * <p>Reading never gathers features on the driver. A store implementing
 * {@link SplittableDataStore} is read split by split; any other store is split by space with a
 * {@link SpaceGrid} (one partition per tile plus one for features outside the extent or without a
 * geometry), and each feature is kept by exactly one partition. A query with a feature limit is
 * read by one partition, so the limit holds for the whole RDD. Sort orders are not kept.
 *
 * <p>Writing runs one writer per RDD partition. A {@link BulkWritableDataStore} gets all parts
 * committed at once on the driver; any other store gets one GeoTools transaction per partition.
 * A failure names the feature, the type and the store (password redacted). Stateless, thread-safe.
 */
public class GeoToolsProvider implements SpatialRDDProvider {

  @Override
  public String name() {
    return "geotools";
  }

  @Override
  public boolean canProcess(Map<String, String> params) {
    return StoreParams.canOpen(params);
  }

  @Override
  public SpatialRDD rdd(SparkContext sc, Map<String, String> params, Query query) {
    Map<String, String> p = new HashMap<>(params);
    DataStore store = StoreParams.open(p);
    SimpleFeatureType type = schema(store, query.getTypeName(), p);
    SimpleFeatureType resultType = query.retrieveAllProperties() ? type : subType(type, query);
    List<ReadPart> parts = plan(p, query, Math.max(1, sc.defaultParallelism()));
    JavaRDD<SimpleFeature> rdd = new JavaSparkContext(sc)
        .parallelize(parts, Math.max(1, parts.size()))
        .mapPartitions(it -> readAll(p, it));
    return new SpatialRDD(rdd, resultType);
  }

  /**
   * The independent parts of reading {@code query} from the store named by {@code params}: the
   * store's own splits, or space tiles (see the class comment). Runs on the driver; reads nothing.
   *
   * @throws org.geostream.types.GeoStreamException when the store, the type or the plan fails
   */
  public static List<ReadPart> plan(Map<String, String> params, Query query, int parallelism) {
    DataStore store = StoreParams.open(params);
    SimpleFeatureType type = schema(store, query.getTypeName(), params);
    List<ReadPart> parts = new ArrayList<>();
    try {
      if (store instanceof SplittableDataStore s) {
        for (SplittableDataStore.Split split : s.planSplits(query, Math.max(1, parallelism))) {
          parts.add(new ReadPart(split, null, null, -1, null));
        }
      } else {
        parts.addAll(spaceParts(store, type, query, Math.max(1, parallelism)));
      }
    } catch (IOException e) {
      throw Errors.cannot("plan query " + QuerySpec.of(query), String.valueOf(e.getMessage())
          + " (store " + StoreParams.redacted(params) + ")", null, e);
    }
    return parts;
  }

  private static SimpleFeatureType subType(SimpleFeatureType type, Query query) {
    try {
      return DataUtilities.createSubType(type, query.getPropertyNames());
    } catch (Exception e) {
      throw Errors.cannot("select properties of '" + type.getTypeName() + "'",
          String.valueOf(e.getMessage()), String.join(",", query.getPropertyNames()), e);
    }
  }

  /** The schema of {@code typeName}, or an error naming the types the store has. */
  public static SimpleFeatureType schema(DataStore store, String typeName, Map<String, String> params) {
    try {
      List<String> names = List.of(store.getTypeNames());
      if (!names.contains(typeName)) {
        throw Errors.cannot("read feature type '" + typeName + "'",
            "the store has no such type (types: " + names + ", store " + StoreParams.redacted(params) + ")", null);
      }
      return store.getSchema(typeName);
    } catch (IOException e) {
      throw Errors.cannot("read feature type '" + typeName + "'", String.valueOf(e.getMessage()), null, e);
    }
  }

  private static List<ReadPart> spaceParts(DataStore store, SimpleFeatureType type, Query query, int parallelism)
      throws IOException {
    QuerySpec spec = QuerySpec.of(query);
    GeometryDescriptor geom = type.getGeometryDescriptor();
    if (geom == null || !query.isMaxFeaturesUnlimited()) {
      return List.of(new ReadPart(null, spec, null, -1, null));
    }
    Envelope extent = extent(store, type, query);
    if (extent == null || extent.isNull()) {
      return List.of(new ReadPart(null, spec, null, -1, null));
    }
    SpaceGrid grid = SpaceGrid.over(extent, parallelism * 2);
    FilterFactory ff = CommonFactoryFinder.getFilterFactory();
    String g = geom.getLocalName();
    List<ReadPart> parts = new ArrayList<>();
    for (int i = 0; i < grid.size(); i++) {
      Envelope t = grid.tile(i);
      Filter f = ff.and(query.getFilter(), ff.bbox(g, t.getMinX(), t.getMinY(), t.getMaxX(), t.getMaxY(), null));
      parts.add(new ReadPart(null, withFilter(spec, f), grid, i, g));
    }
    Filter outside = ff.and(query.getFilter(), ff.not(ff.bbox(g, extent.getMinX(), extent.getMinY(),
        extent.getMaxX(), extent.getMaxY(), null)));
    parts.add(new ReadPart(null, withFilter(spec, outside), null, -1, null));
    return parts;
  }

  private static QuerySpec withFilter(QuerySpec spec, Filter f) {
    return new QuerySpec(spec.typeName(), org.geotools.filter.text.ecql.ECQL.toCQL(f), spec.properties(),
        spec.maxFeatures());
  }

  /** The bounds of the query if the store knows them cheaply, else the world for geographic types. */
  private static Envelope extent(DataStore store, SimpleFeatureType type, Query query) throws IOException {
    ReferencedEnvelope b = store.getFeatureSource(type.getTypeName()).getBounds(query);
    if (b != null && !b.isNull() && !b.isEmpty()) {
      return new Envelope(b.getMinX(), b.getMaxX(), b.getMinY(), b.getMaxY());
    }
    CoordinateReferenceSystem crs = type.getCoordinateReferenceSystem();
    if (crs == null || crs instanceof GeographicCRS) {
      return new Envelope(-180, 180, -90, 90);
    }
    return null;
  }

  /**
   * One partition's work: a store split, or a query with the tile it owns features for.
   * Serializable; read it with {@link #read(Map, ReadPart)} on an executor.
   */
  public record ReadPart(SplittableDataStore.Split split, QuerySpec query, SpaceGrid grid, int tile, String geometry)
      implements Serializable {}

  private static Iterator<SimpleFeature> readAll(Map<String, String> params, Iterator<ReadPart> parts) {
    // One part per partition by construction; chained lazily should a partition hold more.
    return new Iterator<>() {
      private Iterator<SimpleFeature> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && parts.hasNext()) {
          current = read(params, parts.next());
        }
        return current.hasNext();
      }

      @Override
      public SimpleFeature next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /**
   * The features of one part, streamed (the reader closes at the end, or when the Spark task
   * completes); features are {@code SerializableFeature}s.
   */
  public static Iterator<SimpleFeature> read(Map<String, String> params, ReadPart part) {
    DataStore store = StoreParams.open(params);
    FeatureReader<SimpleFeatureType, SimpleFeature> reader;
    try {
      if (part.split() != null) {
        reader = ((SplittableDataStore) store).readSplit(part.split());
      } else {
        reader = store.getFeatureReader(part.query().toQuery(), Transaction.AUTO_COMMIT);
      }
    } catch (IOException e) {
      String what = part.split() != null ? part.split().describe() : part.query().toString();
      throw Errors.cannot("read " + what, String.valueOf(e.getMessage())
          + " (store " + StoreParams.redacted(params) + ")", null, e);
    }
    TaskContext ctx = TaskContext.get();
    if (ctx != null) {
      ctx.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> closeQuietly(reader));
    }
    return new FeatureIterator(reader, part);
  }

  private static void closeQuietly(FeatureReader<?, ?> reader) {
    try {
      reader.close();
    } catch (IOException | RuntimeException e) {
      // Closing after the task is best effort.
    }
  }

  /** Streams a reader, keeping only the features this partition owns, closing it at the end. */
  private static final class FeatureIterator implements Iterator<SimpleFeature> {
    private final FeatureReader<SimpleFeatureType, SimpleFeature> reader;
    private final ReadPart part;
    private SimpleFeature next;
    private boolean done;

    FeatureIterator(FeatureReader<SimpleFeatureType, SimpleFeature> reader, ReadPart part) {
      this.reader = reader;
      this.part = part;
    }

    @Override
    public boolean hasNext() {
      while (next == null && !done) {
        try {
          if (!reader.hasNext()) {
            done = true;
            reader.close();
            break;
          }
          SimpleFeature f = reader.next();
          if (part.grid() == null || part.grid().owner((Geometry) f.getAttribute(part.geometry())) == part.tile()) {
            next = Features.serializable(f);
          }
        } catch (IOException e) {
          throw Errors.cannot("read " + (part.split() != null ? part.split().describe() : part.query()),
              String.valueOf(e.getMessage()), null, e);
        }
      }
      return next != null;
    }

    @Override
    public SimpleFeature next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SimpleFeature f = next;
      next = null;
      return f;
    }
  }

  // ------------------------------------------------------------------ writing

  @Override
  public void save(JavaRDD<SimpleFeature> features, Map<String, String> params, String typeName) {
    Map<String, String> p = new HashMap<>(params);
    DataStore store = StoreParams.open(p);
    ensureSchema(store, features, typeName, p);
    if (store instanceof BulkWritableDataStore bulk) {
      List<BulkWritableDataStore.TaskResult> results = features
          .mapPartitionsWithIndex((idx, it) -> Collections.singletonList(writeTask(p, typeName, idx, it)).iterator(),
              false)
          .collect();
      try {
        bulk.commit(typeName, results);
      } catch (IOException | RuntimeException e) {
        bulk.abort(typeName, results);
        throw Errors.cannot("commit write to '" + typeName + "'", String.valueOf(e.getMessage())
            + " (store " + StoreParams.redacted(p) + ")", null, e);
      }
    } else {
      features.foreachPartition(it -> writeTransaction(p, typeName, it));
    }
  }

  /**
   * Writes {@code features} as an idempotent upsert into {@code typeName} (created from the first
   * feature's type when missing): a stored feature with the same id is replaced. Stores that are
   * {@link UpsertableDataStore}s commit the whole write at once, recorded as {@code (writer,
   * sequence)}, and skip a sequence already committed (a replayed micro-batch) — the result is
   * then false. Other stores remove and add by id in one transaction per partition, which is
   * idempotent but not atomic across partitions.
   */
  public boolean upsert(JavaRDD<SimpleFeature> features, Map<String, String> params, String typeName, String writer,
      long sequence) {
    Map<String, String> p = new HashMap<>(params);
    DataStore store = StoreParams.open(p);
    if (store instanceof UpsertableDataStore up) {
      try {
        if (up.committedSequence(typeName, writer) >= sequence) {
          return false;
        }
      } catch (IOException e) {
        // The type does not exist yet: created below.
      }
    }
    ensureSchema(store, features, typeName, p);
    if (store instanceof UpsertableDataStore up) {
      List<BulkWritableDataStore.TaskResult> results = features
          .mapPartitionsWithIndex((idx, it) -> Collections.singletonList(writeTask(p, typeName, idx, it, true))
              .iterator(), false)
          .collect();
      try {
        return up.commitUpsert(typeName, results, writer, sequence);
      } catch (IOException | RuntimeException e) {
        throw Errors.cannot("commit upsert " + sequence + " of '" + writer + "' to '" + typeName + "'",
            String.valueOf(e.getMessage()) + " (store " + StoreParams.redacted(p) + ")", null, e);
      }
    }
    features.foreachPartition(it -> upsertTransaction(p, typeName, it));
    return true;
  }

  private static void upsertTransaction(Map<String, String> params, String typeName, Iterator<SimpleFeature> it)
      throws IOException {
    List<SimpleFeature> batch = new ArrayList<>();
    it.forEachRemaining(batch::add);
    if (batch.isEmpty()) {
      return;
    }
    DataStore store = StoreParams.open(params);
    FilterFactory ff = CommonFactoryFinder.getFilterFactory();
    java.util.Set<org.geotools.api.filter.identity.FeatureId> ids = new java.util.LinkedHashSet<>();
    for (SimpleFeature f : batch) {
      ids.add(ff.featureId(f.getID()));
    }
    SimpleFeature current = null;
    try (Transaction tx = new DefaultTransaction("geostream-upsert")) {
      try {
        org.geotools.api.data.SimpleFeatureStore fs =
            (org.geotools.api.data.SimpleFeatureStore) store.getFeatureSource(typeName);
        fs.setTransaction(tx);
        fs.removeFeatures(ff.id(ids));
        try (FeatureWriter<SimpleFeatureType, SimpleFeature> w = store.getFeatureWriterAppend(typeName, tx)) {
          for (SimpleFeature f : batch) {
            current = f;
            SimpleFeature target = w.next();
            Features.copyInto(f, target);
            target.getUserData().put(org.geotools.util.factory.Hints.USE_PROVIDED_FID, Boolean.TRUE);
            target.getUserData().put(org.geotools.util.factory.Hints.PROVIDED_FID, f.getID());
            w.write();
          }
          current = null;
        }
      } catch (IOException | RuntimeException e) {
        tx.rollback();
        throw failed(current, typeName, params, e);
      }
      tx.commit();
    }
  }

  private static void ensureSchema(DataStore store, JavaRDD<SimpleFeature> features, String typeName,
      Map<String, String> params) {
    try {
      if (List.of(store.getTypeNames()).contains(typeName)) {
        return;
      }
      List<SimpleFeature> first = features.take(1);
      if (first.isEmpty()) {
        throw Errors.cannot("write to '" + typeName + "'",
            "the type does not exist and there is no feature to take its schema from (store "
                + StoreParams.redacted(params) + ")", null);
      }
      SimpleFeatureType t = first.get(0).getFeatureType();
      store.createSchema(t.getTypeName().equals(typeName) ? t : renamed(t, typeName));
    } catch (IOException e) {
      throw Errors.cannot("create feature type '" + typeName + "'", String.valueOf(e.getMessage()), null, e);
    }
  }

  private static SimpleFeatureType renamed(SimpleFeatureType type, String name) {
    org.geotools.feature.simple.SimpleFeatureTypeBuilder b = new org.geotools.feature.simple.SimpleFeatureTypeBuilder();
    b.init(type);
    b.setName(name);
    return b.buildFeatureType();
  }

  private static BulkWritableDataStore.TaskResult writeTask(Map<String, String> params, String typeName, int partition,
      Iterator<SimpleFeature> it) throws IOException {
    return writeTask(params, typeName, partition, it, false);
  }

  private static BulkWritableDataStore.TaskResult writeTask(Map<String, String> params, String typeName, int partition,
      Iterator<SimpleFeature> it, boolean upsert) throws IOException {
    BulkWritableDataStore store = (BulkWritableDataStore) StoreParams.open(params);
    TaskContext ctx = TaskContext.get();
    long attempt = ctx == null ? 0 : ctx.taskAttemptId();
    BulkWritableDataStore.TaskWriter w = upsert
        ? ((UpsertableDataStore) store).upsertWriter(typeName, partition, attempt)
        : store.taskWriter(typeName, partition, attempt);
    SimpleFeature current = null;
    try {
      while (it.hasNext()) {
        current = it.next();
        w.write(current);
      }
      BulkWritableDataStore.TaskResult r = w.finish();
      w.close();
      return r;
    } catch (IOException | RuntimeException e) {
      w.abort();
      throw failed(current, typeName, params, e);
    }
  }

  private static void writeTransaction(Map<String, String> params, String typeName, Iterator<SimpleFeature> it)
      throws IOException {
    DataStore store = StoreParams.open(params);
    SimpleFeature current = null;
    try (Transaction tx = new DefaultTransaction("geostream-write")) {
      try (FeatureWriter<SimpleFeatureType, SimpleFeature> w = store.getFeatureWriterAppend(typeName, tx)) {
        while (it.hasNext()) {
          current = it.next();
          Features.copyInto(current, w.next());
          w.write();
        }
        current = null;
      } catch (IOException | RuntimeException e) {
        tx.rollback();
        throw failed(current, typeName, params, e);
      }
      tx.commit();
    }
  }

  private static GeoStreamException failed(SimpleFeature f, String typeName, Map<String, String> params, Throwable e) {
    if (e instanceof GeoStreamException g && f == null) {
      return g;
    }
    return Features.writeFailed(f, typeName, " (store " + StoreParams.redacted(params) + ")", e);
  }
}
