package org.geostream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.streaming.CheckpointFileManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointFileManagerTest {
  @TempDir
  java.nio.file.Path dir;

  private static void write(CheckpointFileManager m, Path p, boolean overwrite, String text) throws IOException {
    CheckpointFileManager.CancellableFSDataOutputStream out = m.createAtomic(p, overwrite);
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.close();
  }

  private static String read(CheckpointFileManager m, Path p) throws IOException {
    try (var in = m.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String[] names() throws IOException {
    try (Stream<java.nio.file.Path> s = Files.list(dir.resolve("cp/offsets"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void writesAtomicallyWithoutOverwritingUnlessAsked() throws IOException {
    Configuration conf = new Configuration();
    Path root = new Path(dir.resolve("cp").toUri());
    conf.set(LocalCheckpointFileManager.SETTING, LocalCheckpointFileManager.class.getName());
    CheckpointFileManager m = CheckpointFileManager.create(root, conf); // as Spark finds it
    assertThat(m).isInstanceOf(LocalCheckpointFileManager.class);
    assertThat(m.isLocal()).isTrue();
    assertThat(m.createCheckpointDirectory().toString()).startsWith("file:");
    Path zero = new Path(root, "offsets/0");
    write(m, zero, false, "v1");
    assertThat(read(m, zero)).isEqualTo("v1");
    assertThatThrownBy(() -> write(m, zero, false, "v2")).isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("already exists");
    assertThat(read(m, zero)).isEqualTo("v1");
    write(m, zero, true, "v3");
    assertThat(read(m, zero)).isEqualTo("v3");
    // Cancelled: nothing, not even the temporary file; no checksum files.
    CheckpointFileManager.CancellableFSDataOutputStream out = m.createAtomic(new Path(root, "offsets/1"), false);
    out.write(1);
    out.cancel();
    assertThat(names()).containsExactly("0");
    assertThat(m.exists(new Path(root, "offsets/1"))).isFalse();
    assertThat(m.list(new Path(root, "offsets"))).extracting(s -> s.getPath().getName()).containsExactly("0");
    assertThat(m.list(new Path(root, "missing"))).isEmpty();
    // A missing file is Hadoop's FileNotFoundException, as Spark's state store expects of a snapshot.
    assertThatThrownBy(() -> m.open(new Path(root, "state/0/0/9.snapshot")))
        .isInstanceOf(java.io.FileNotFoundException.class);
    m.delete(new Path(root, "offsets/0"));
    assertThat(m.exists(zero)).isFalse();
  }

  @Test
  void aStaleChecksumFileIsRemovedWithTheFileItDescribed() throws IOException {
    Configuration conf = new Configuration();
    Path root = new Path(dir.resolve("cp").toUri());
    Path zero = new Path(root, "offsets/0");
    // Written by Hadoop's local file system (with a checksum file), then replaced by the manager.
    org.apache.hadoop.fs.FileSystem fs = zero.getFileSystem(conf);
    try (var o = fs.create(zero)) {
      o.write("old contents".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(names()).contains(".0.crc");
    CheckpointFileManager m = new LocalCheckpointFileManager(root, conf);
    write(m, zero, true, "new");
    assertThat(names()).containsExactly("0");
    assertThat(read(m, zero)).isEqualTo("new");
  }
}
