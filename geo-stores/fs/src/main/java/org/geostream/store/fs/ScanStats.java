package org.geostream.store.fs;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;

/**
 * How much of a feature type a query reads, at each stage of pruning: all files, the files the
 * commit log's bounds and time ranges keep, the row groups their statistics keep, and the rows of
 * the pages the column indexes keep (what the reader decodes). Bytes are compressed column-chunk
 * sizes. Immutable.
 *
 * @param totalFiles files of the type
 * @param totalRows rows of the type
 * @param totalBytes bytes of the type's files
 * @param files files kept by the log
 * @param rowsInFiles rows of those files
 * @param rowGroups row groups kept by statistics
 * @param rowGroupsInFiles row groups of the kept files
 * @param rowsInRowGroups rows of the kept row groups
 * @param bytesInRowGroups compressed bytes of the kept row groups
 * @param rowsScanned rows of the pages kept by column indexes: what the reader decodes
 */
public record ScanStats(int totalFiles, long totalRows, long totalBytes, int files, long rowsInFiles,
    int rowGroups, int rowGroupsInFiles, long rowsInRowGroups, long bytesInRowGroups, long rowsScanned) {

  static ScanStats measure(FsType t, org.apache.hadoop.fs.FileSystem fs, Configuration conf, FsDataStore.Plan plan, FilterPredicate predicate)
      throws IOException {
    long totalBytes = 0;
    for (DataFile f : t.log().snapshot().files().values()) {
      totalBytes += f.bytes();
    }
    int rowGroups = 0;
    int rowGroupsInFiles = 0;
    long rowsInRowGroups = 0;
    long bytesInRowGroups = 0;
    long rowsScanned = 0;
    ParquetReadOptions.Builder ob = HadoopReadOptions.builder(conf);
    if (predicate != null) {
      ob.withRecordFilter(FilterCompat.get(predicate));
    }
    ParquetReadOptions options = ob.build();
    for (DataFile f : plan.files()) {
      try (ParquetFileReader r = ParquetFileReader.open(
          FsFiles.input(fs, new Path(t.dir(), f.path()), f.bytes()), options)) {
        rowGroupsInFiles += r.getFooter().getBlocks().size();
        for (BlockMetaData b : r.getRowGroups()) {
          rowGroups++;
          rowsInRowGroups += b.getRowCount();
          bytesInRowGroups += b.getCompressedSize();
        }
        rowsScanned += r.getFilteredRecordCount();
      }
    }
    return new ScanStats(plan.totalFiles(), plan.totalRows(), totalBytes, plan.files().size(), plan.rows(),
        rowGroups, rowGroupsInFiles, rowsInRowGroups, bytesInRowGroups, rowsScanned);
  }
}
