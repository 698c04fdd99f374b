package org.geostream.store.fs;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Parquet files opened through the store's own file system instance, so every open reuses it
 * (Parquet's {@code HadoopInputFile} looks a file system up per file) and local stores write no
 * checksum side files.
 */
final class FsFiles {
  private FsFiles() {}

  /** A file to read; {@code length} when known (from the commit log), else -1 to ask the file system. */
  static InputFile input(FileSystem fs, Path path, long length) {
    return new InputFile() {
      private long len = length;

      @Override
      public long getLength() throws IOException {
        if (len < 0) {
          len = fs.getFileStatus(path).getLen();
        }
        return len;
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        return HadoopStreams.wrap(fs.open(path));
      }

      @Override
      public String toString() {
        return path.toString();
      }
    };
  }

  /** A new file to write; fails if it exists. */
  static OutputFile output(FileSystem fs, Path path) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) throws IOException {
        return HadoopStreams.wrap(fs.create(path, false));
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return HadoopStreams.wrap(fs.create(path, true));
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }

      @Override
      public String getPath() {
        return path.toString();
      }
    };
  }
}
