package org.geostream.stream;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.sql.execution.streaming.CheckpointFileManager;
import org.apache.spark.sql.execution.streaming.FileContextBasedCheckpointFileManager;
import org.apache.spark.sql.execution.streaming.FileSystemBasedCheckpointFileManager;

/**
 * Spark's checkpoint file manager ({@code spark.sql.streaming.checkpointFileManagerClass}) for
 * pipelines: on a local disk it writes checkpoint files with {@code java.nio} — to a temporary file,
 * then renamed into place atomically (or linked, when the file must not be overwritten, so an existing
 * one is never replaced) — because Hadoop's local file system without its native library starts a
 * {@code chmod} process for every file it creates (and its {@code .crc} file) and a {@code readlink}
 * process for every rename, several per micro-batch. Reads, listings and deletions go through Hadoop's
 * file system as before (they start no process). Any other file system gets Spark's own manager.
 */
public final class LocalCheckpointFileManager implements CheckpointFileManager {
  /** The Spark setting that names the manager. */
  public static final String SETTING = "spark.sql.streaming.checkpointFileManagerClass";

  private final Path root;
  private final FileSystem fs;
  /** Spark's manager, for a file system that is not the local disk; else null. */
  private final CheckpointFileManager other;

  public LocalCheckpointFileManager(Path path, Configuration conf) throws IOException {
    this.root = path;
    this.fs = path.getFileSystem(conf);
    boolean local = fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
    CheckpointFileManager o = null;
    if (!local) {
      try {
        o = new FileContextBasedCheckpointFileManager(path, conf);
      } catch (Exception e) { // as Spark: FileContext first, FileSystem when it has no AbstractFileSystem
        if (!(e instanceof UnsupportedFileSystemException)) {
          throw e;
        }
        o = new FileSystemBasedCheckpointFileManager(path, conf);
      }
    }
    this.other = o;
  }

  /**
   * Throws {@code e} as it is: the manager's Scala interface declares no exceptions, and Spark's callers
   * catch the I/O exceptions of Hadoop's file systems by type (a missing snapshot file is a
   * {@code FileNotFoundException}).
   */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable e) throws T {
    throw (T) e;
  }

  private java.nio.file.Path local(Path path) {
    return java.nio.file.Path.of(fs.makeQualified(path).toUri());
  }

  @Override
  public CancellableFSDataOutputStream createAtomic(Path path, boolean overwriteIfPossible) {
    if (other != null) {
      return other.createAtomic(path, overwriteIfPossible);
    }
    java.nio.file.Path target = local(path);
    java.nio.file.Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      // A FileOutputStream, as Hadoop's local file system writes: unlike a FileChannel's stream it is not
      // closed by an interrupt (Spark interrupts the stream thread and tasks to stop a query).
      return new AtomicFile(new BufferedOutputStream(new FileOutputStream(temp.toFile()), 1 << 16), temp, target,
          overwriteIfPossible);
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  /** Writes {@code temp}; on close moves it to {@code target}, on cancel deletes it. */
  private static final class AtomicFile extends CancellableFSDataOutputStream {
    private final java.nio.file.Path temp;
    private final java.nio.file.Path target;
    private final boolean overwrite;
    private boolean done;

    AtomicFile(OutputStream out, java.nio.file.Path temp, java.nio.file.Path target, boolean overwrite) {
      super(out);
      this.temp = temp;
      this.target = target;
      this.overwrite = overwrite;
    }

    @Override
    public synchronized void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      try {
        underlyingStream().close();
        // A checksum file an earlier writer left beside the target would no longer match it.
        Files.deleteIfExists(target.resolveSibling("." + target.getFileName() + ".crc"));
        if (overwrite) {
          try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
          }
        } else {
          try {
            Files.createLink(target, temp); // fails, atomically, when the target exists
          } catch (FileAlreadyExistsException e) {
            throw new org.apache.hadoop.fs.FileAlreadyExistsException("Checkpoint file " + target
                + " already exists (another query writing to the same checkpoint?)");
          } catch (UnsupportedOperationException e) { // no hard links on this file system
            Files.move(temp, target);
          }
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    }

    @Override
    public synchronized void cancel() {
      if (done) {
        return;
      }
      done = true;
      try {
        underlyingStream().close();
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // Cancelled: a temporary file left behind is invisible to readers (hidden name).
      }
    }
  }

  @Override
  public FSDataInputStream open(Path path) {
    if (other != null) {
      return other.open(path);
    }
    try {
      return fs.open(path); // a missing file throws FileNotFoundException, which Spark's callers expect
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  @Override
  public FileStatus[] list(Path path, PathFilter filter) {
    if (other != null) {
      return other.list(path, filter);
    }
    try {
      return fs.listStatus(path, filter);
    } catch (java.io.FileNotFoundException e) {
      return new FileStatus[0];
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  @Override
  public void mkdirs(Path path) {
    if (other != null) {
      other.mkdirs(path);
      return;
    }
    try {
      Files.createDirectories(local(path));
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  @Override
  public boolean exists(Path path) {
    return other != null ? other.exists(path) : Files.exists(local(path));
  }

  @Override
  public void delete(Path path) {
    if (other != null) {
      other.delete(path);
      return;
    }
    try {
      fs.delete(path, true);
    } catch (java.io.FileNotFoundException e) {
      // already gone
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  @Override
  public boolean isLocal() {
    return other == null || other.isLocal();
  }

  @Override
  public Path createCheckpointDirectory() {
    if (other != null) {
      return other.createCheckpointDirectory();
    }
    mkdirs(root);
    return fs.makeQualified(root);
  }
}
