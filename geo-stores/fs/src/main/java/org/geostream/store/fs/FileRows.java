package org.geostream.store.fs;

import java.io.Closeable;
import java.io.IOException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.geotools.api.feature.simple.SimpleFeature;

/**
 * The features of one data file that pass the record filter of the read options: row groups
 * skipped by statistics, pages by column indexes, rows by the filter itself. Reads with options
 * built once per query (Parquet's {@code ParquetReader} builds a Hadoop configuration per file,
 * which costs milliseconds per file). Not thread-safe.
 */
final class FileRows implements Closeable {
  private final ParquetFileReader reader;
  private final MessageColumnIO columnIO;
  private final RecordMaterializer<SimpleFeature> materializer;
  private final FilterCompat.Filter filter;
  private RecordReader<SimpleFeature> records;
  private long left;

  FileRows(InputFile file, ParquetReadOptions options, FeatureReadSupport support) throws IOException {
    reader = new ParquetFileReader(file, options);
    try {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      MessageType requested = support.requested(fileSchema);
      reader.setRequestedSchema(requested);
      columnIO = new ColumnIOFactory(reader.getFooter().getFileMetaData().getCreatedBy())
          .getColumnIO(requested, fileSchema, true);
      materializer = support.materializer(requested);
      filter = options.getRecordFilter() == null ? FilterCompat.NOOP : options.getRecordFilter();
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The next feature, or null at the end of the file. */
  SimpleFeature next() throws IOException {
    while (true) {
      if (left == 0) {
        PageReadStore pages = reader.readNextFilteredRowGroup();
        if (pages == null) {
          return null;
        }
        left = pages.getRowCount();
        records = columnIO.getRecordReader(pages, materializer, filter);
        continue;
      }
      left--;
      SimpleFeature f = records.read();
      if (f != null && !records.shouldSkipCurrentRecord()) {
        return f;
      }
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
