package org.geostream.sql.source;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.types.StructType;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.Query;
import org.geostream.core.spi.ChangeFeedDataStore;
import org.geostream.core.spi.GeoToolsProvider;
import org.geostream.core.spi.QuerySpec;
import org.geostream.core.spi.SplittableDataStore;
import org.geostream.core.spi.StoreParams;
import org.geostream.types.Errors;

/**
 * {@code spark.readStream.format("geostream")}: the features a store's commits bring in, as
 * micro-batches. Offsets are commit versions of the type ({@link ChangeFeedDataStore}); a batch
 * {@code (start, end]} reads the features the commits {@code start + 1 .. end} brought in (for the
 * fs store: appends and what upserts wrote, never compaction), with the scan's filter and columns
 * applied per file as in a batch read.
 *
 * <p>Option {@code startingVersion}: {@code earliest} (the default: everything committed so far,
 * then what follows), {@code latest} (only commits after the query first starts), or a version
 * {@code n >= 1} (commits from {@code n} on). A restarted query continues from its checkpoint and
 * ignores the option. Used by Spark's stream thread only.
 */
final class GeoMicroBatchStream implements MicroBatchStream {
  /** Option: where a new query starts. */
  static final String STARTING_VERSION = "startingVersion";

  private final String typeName;
  private final Map<String, String> params;
  private final StructType readSchema;
  private final String ecql;
  private final List<String> properties;
  private final String startingVersion;

  GeoMicroBatchStream(SourceOptions options, StructType readSchema, String ecql, List<String> properties) {
    this.typeName = options.typeName();
    Map<String, String> p = new HashMap<>();
    String start = null;
    for (Map.Entry<String, String> e : options.storeParams().entrySet()) {
      if (e.getKey().equalsIgnoreCase(STARTING_VERSION)) {
        start = e.getValue();
      } else {
        p.put(e.getKey(), e.getValue());
      }
    }
    this.params = Map.copyOf(p);
    this.readSchema = readSchema;
    this.ecql = ecql;
    this.properties = List.copyOf(properties);
    this.startingVersion = start == null ? "earliest" : start.trim();
    store(); // fails now, naming the store, when it has no change feed
    initialVersion(); // and on a bad option
  }

  private ChangeFeedDataStore store() {
    DataStore store = StoreParams.open(params);
    if (store instanceof ChangeFeedDataStore c) {
      return c;
    }
    throw Errors.cannot("read '" + typeName + "' as a stream", "the store " + StoreParams.redacted(params)
        + " does not support change feeds", null);
  }

  private long latestVersion() {
    try {
      return store().latestVersion(typeName);
    } catch (IOException e) {
      throw Errors.cannot("read the newest version of '" + typeName + "'", String.valueOf(e.getMessage())
          + " (store " + StoreParams.redacted(params) + ")", null, e);
    }
  }

  /** The offset before the first commit a new query reads. */
  private long initialVersion() {
    String s = startingVersion.toLowerCase(Locale.ROOT);
    if (s.equals("earliest")) {
      return 0;
    }
    if (s.equals("latest")) {
      return latestVersion();
    }
    try {
      long v = Long.parseLong(s);
      if (v >= 1) {
        long latest = latestVersion();
        if (v - 1 > latest) {
          throw Errors.cannot("read '" + typeName + "' as a stream", "option 'startingVersion' names a version "
              + "after the newest commit (" + latest + ")", startingVersion);
        }
        return v - 1;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Errors.cannot("read '" + typeName + "' as a stream", "option 'startingVersion' must be earliest, latest "
        + "or a commit version >= 1", startingVersion);
  }

  @Override
  public Offset initialOffset() {
    return new VersionOffset(initialVersion());
  }

  @Override
  public Offset latestOffset() {
    return new VersionOffset(latestVersion());
  }

  @Override
  public Offset deserializeOffset(String json) {
    try {
      return new VersionOffset(Long.parseLong(json.trim()));
    } catch (NumberFormatException e) {
      throw Errors.cannot("read the checkpoint of a stream of '" + typeName + "'", "an offset must be a commit "
          + "version", json);
    }
  }

  @Override
  public InputPartition[] planInputPartitions(Offset start, Offset end) {
    long from = ((VersionOffset) start).version();
    long to = ((VersionOffset) end).version();
    Query query = new Query(typeName, ecql == null ? org.geotools.api.filter.Filter.INCLUDE
        : QuerySpec.parseEcql(ecql), properties.toArray(new String[0]));
    int parallelism = SparkSession.active().sparkContext().defaultParallelism();
    List<? extends SplittableDataStore.Split> splits;
    try {
      splits = store().changeSplits(query, from, to, Math.max(1, parallelism));
    } catch (IOException e) {
      throw Errors.cannot("read the commits " + (from + 1) + ".." + to + " of '" + typeName + "'",
          String.valueOf(e.getMessage()) + " (store " + StoreParams.redacted(params) + ")", null, e);
    }
    InputPartition[] out = new InputPartition[splits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new GeoScan.Part(new GeoToolsProvider.ReadPart(splits.get(i), null, null, -1, null));
    }
    return out;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new GeoScan.Readers(params, readSchema);
  }

  @Override
  public void commit(Offset end) {
    // Nothing to release: the log keeps every commit.
  }

  @Override
  public void stop() {
    // Stores stay open for the JVM (StoreParams).
  }

  @Override
  public String toString() {
    return "GeoStreamChanges[" + typeName + ", ECQL: " + (ecql == null ? "INCLUDE" : ecql) + "]";
  }

  /** A commit version of the type: the stream has read every commit up to and including it. */
  static final class VersionOffset extends Offset {
    private final long version;

    VersionOffset(long version) {
      this.version = version;
    }

    long version() {
      return version;
    }

    @Override
    public String json() {
      return Long.toString(version);
    }
  }
}
