package org.geostream.store.fs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.geotools.api.feature.simple.SimpleFeature;
import org.locationtech.jts.geom.Geometry;

/**
 * Buffers features and writes them as data files, one or more per partition, each sorted by hour
 * and then Z-order so row groups cover short times and small areas. Flushes when the buffer holds
 * {@code fs.file-rows} features, and on {@link #finish}. Written files are not part of the type
 * until the caller commits the returned {@link DataFile}s. Not thread-safe.
 */
final class FileSink {
  private final FsType type;
  private final FsParams params;
  private final FileSystem fs;
  private final Configuration conf;
  private final List<Entry> buffer = new ArrayList<>();
  private final List<DataFile> written = new ArrayList<>();
  private final int geomIndex;
  private final int dtgIndex;

  /** A buffered feature with its partition (as numbers, labelled once per partition) and sort key. */
  private record Entry(long timeKey, long cellKey, long sortKey, SimpleFeature feature) {
    boolean samePartition(Entry o) {
      return timeKey == o.timeKey && cellKey == o.cellKey;
    }
  }

  private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::timeKey)
      .thenComparingLong(Entry::cellKey).thenComparingLong(Entry::sortKey);

  FileSink(FsType type, FsParams params, FileSystem fs, Configuration conf) {
    this.type = type;
    this.params = params;
    this.fs = fs;
    this.conf = conf;
    this.geomIndex = type.geometry() == null ? -1 : type.type().indexOf(type.geometry());
    this.dtgIndex = type.dtg() == null ? -1 : type.type().indexOf(type.dtg());
  }

  /** Adds one feature (its id must be set). */
  void add(SimpleFeature f) throws IOException {
    Geometry g = geomIndex < 0 ? null : (Geometry) f.getAttribute(geomIndex);
    Long t = dtgIndex < 0 || f.getAttribute(dtgIndex) == null ? null : ((Date) f.getAttribute(dtgIndex)).getTime();
    PartitionScheme scheme = type.scheme();
    buffer.add(new Entry(scheme.timeKey(t), scheme.cellKey(g), PartitionScheme.sortKey(g, t), f));
    if (buffer.size() >= params.fileRows()) {
      flush();
    }
  }

  /** Files written so far (uncommitted). */
  List<DataFile> written() {
    return written;
  }

  /** Writes what is buffered and returns every file written. */
  List<DataFile> finish() throws IOException {
    flush();
    return written;
  }

  /** Deletes every file written (after a failure). */
  void discard() {
    for (DataFile f : written) {
      try {
        fs.delete(new Path(type.dir(), f.path()), false);
      } catch (IOException e) {
        // Left behind, it is an orphan: never read, removed by vacuum.
      }
    }
    written.clear();
    buffer.clear();
  }

  private void flush() throws IOException {
    if (buffer.isEmpty()) {
      return;
    }
    buffer.sort(ORDER);
    int start = 0;
    for (int i = 1; i <= buffer.size(); i++) {
      if (i == buffer.size() || !buffer.get(i).samePartition(buffer.get(start))) {
        Entry first = buffer.get(start);
        written.add(write(type.scheme().label(first.timeKey(), first.cellKey()), buffer.subList(start, i)));
        start = i;
      }
    }
    buffer.clear();
  }

  private DataFile write(String partition, List<Entry> rows) throws IOException {
    String name = "part-" + UUID.randomUUID() + ".parquet";
    String rel = partition.isEmpty() ? name : partition + "/" + name;
    Path path = new Path(type.dir(), rel);
    FeatureWriteSupport support = new FeatureWriteSupport(type.type(), type.dtg());
    try (ParquetWriter<SimpleFeature> w = new Builder(fs, path, support)
        .withConf(conf)
        .withCompressionCodec(CompressionCodecName.fromConf(params.compression().toUpperCase(java.util.Locale.ROOT)))
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withRowGroupSize(rowGroupBytes(rows))
        .withPageRowCountLimit(Math.max(100, params.rowGroupRows() / 50))
        .withDictionaryEncoding(true)
        .build()) {
      for (Entry e : rows) {
        w.write(e.feature());
      }
    }
    long bytes = fs.getFileStatus(path).getLen();
    Long min = support.minTime == Long.MAX_VALUE ? null : support.minTime;
    Long max = support.maxTime == Long.MIN_VALUE ? null : support.maxTime;
    return new DataFile(rel, partition, support.rows, bytes, support.bbox(), min, max, support.minFid, support.maxFid);
  }

  /**
   * parquet-mr cuts row groups by buffered bytes, not rows: the size that holds about
   * {@code fs.row-group-rows} rows, estimated from the encoded size of a sample of the rows.
   */
  private long rowGroupBytes(List<Entry> rows) {
    int n = Math.min(rows.size(), 1000);
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      SimpleFeature f = rows.get(i).feature();
      bytes += 4 + f.getID().length() + (geomIndex >= 0 ? 32 : 0);
      for (Object v : f.getAttributes()) {
        if (v instanceof Geometry g) {
          bytes += 9 + 8L * g.getNumPoints() * 2;
        } else if (v instanceof CharSequence s) {
          bytes += 4 + s.length();
        } else if (v instanceof byte[] b) {
          bytes += 4 + b.length;
        } else if (v != null) {
          bytes += 8;
        }
      }
    }
    long perRow = n == 0 ? 100 : Math.max(8, bytes / n);
    return Math.max(64 * 1024, perRow * params.rowGroupRows());
  }

  private static final class Builder extends ParquetWriter.Builder<SimpleFeature, Builder> {
    private final FeatureWriteSupport support;

    Builder(FileSystem fs, Path path, FeatureWriteSupport support) {
      super(FsFiles.output(fs, path));
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<SimpleFeature> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
