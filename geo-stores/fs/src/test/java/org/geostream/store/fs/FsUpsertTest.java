package org.geostream.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.data.Query;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.core.spi.BulkWritableDataStore.TaskResult;
import org.geostream.core.spi.BulkWritableDataStore.TaskWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** Idempotent upserts by feature id with writer sequences, compaction, and log checkpoints. */
class FsUpsertTest {
  static final GeometryFactory GF = new GeometryFactory();
  static final long T0 = 1_700_000_000_000L;

  @TempDir
  Path dir;

  private FsDataStore store(Path path) throws IOException {
    return (FsDataStore) FsDataStoreTest.open(path, Map.of("fs.partition-scheme", "daily"));
  }

  private static SimpleFeature cell(SimpleFeatureType type, String id, long count, int x) {
    return new SerializableFeature(new Object[] {count, new Date(T0 + x * 60_000L),
        GF.createPoint(new Coordinate(x, x))}, type, id);
  }

  private static TaskResult write(FsDataStore s, String type, List<SimpleFeature> features) throws IOException {
    TaskWriter w = s.upsertWriter(type, 0, 0);
    for (SimpleFeature f : features) {
      w.write(f);
    }
    return w.finish();
  }

  private static Map<String, Long> contents(FsDataStore s, String type) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (FeatureReader<SimpleFeatureType, SimpleFeature> r = s.getFeatureReader(new Query(type),
        org.geotools.api.data.Transaction.AUTO_COMMIT)) {
      while (r.hasNext()) {
        SimpleFeature f = r.next();
        assertThat(out.put(f.getID(), (Long) f.getAttribute("n"))).as("duplicate id %s", f.getID()).isNull();
      }
    }
    return out;
  }

  @Test
  void upsertReplacesByIdAndSkipsReplayedSequences() throws Exception {
    FsDataStore s = store(dir.resolve("a"));
    s.createSchema(FeatureTypes.parseSpec("cells", "n:Long,dtg:Date,*geom:Point:srid=4326"));
    SimpleFeatureType type = s.getSchema("cells");
    List<SimpleFeature> first = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      first.add(cell(type, String.format("w%03d", i), i, i));
    }
    assertThat(s.commitUpsert("cells", List.of(write(s, "cells", first)), "sink-1", 0)).isTrue();
    // Batch 1 changes ids 40..49 and adds 50..59, split over two tasks.
    List<SimpleFeature> a = new ArrayList<>();
    List<SimpleFeature> b = new ArrayList<>();
    for (int i = 40; i < 60; i++) {
      (i % 2 == 0 ? a : b).add(cell(type, String.format("w%03d", i), 1000 + i, i));
    }
    assertThat(s.commitUpsert("cells", List.of(write(s, "cells", a), write(s, "cells", b)), "sink-1", 1)).isTrue();
    // A replay of batch 1 (with other values, to prove it is not applied) is skipped.
    List<SimpleFeature> replay = List.of(cell(type, "w045", -1, 45), cell(type, "w099", -1, 9));
    assertThat(s.commitUpsert("cells", List.of(write(s, "cells", replay)), "sink-1", 1)).isFalse();
    assertThat(s.committedSequence("cells", "sink-1")).isEqualTo(1);
    assertThat(s.committedSequence("cells", "other")).isEqualTo(-1);
    // Another writer has its own sequence.
    assertThat(s.commitUpsert("cells", List.of(write(s, "cells", List.of(cell(type, "w000", 7, 0)))), "other", 0))
        .isTrue();

    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < 60; i++) {
      expected.put(String.format("w%03d", i), i >= 40 ? 1000L + i : i);
    }
    expected.put("w000", 7L);
    assertThat(contents(s, "cells")).isEqualTo(expected);
    // A fresh store object reads the same, sequences included.
    FsDataStore again = store(dir.resolve("a"));
    assertThat(contents(again, "cells")).isEqualTo(expected);
    assertThat(again.committedSequence("cells", "sink-1")).isEqualTo(1);
    // Files written by the skipped replay are gone, not left as orphans.
    long parquet;
    try (var files = Files.walk(dir.resolve("a/cells"))) {
      parquet = files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
    assertThat(parquet).isGreaterThanOrEqualTo(again.fsType("cells").log().snapshot().files().size());
  }

  @Test
  void appendPartsCannotBeUpserted() throws Exception {
    FsDataStore s = store(dir.resolve("b"));
    s.createSchema(FeatureTypes.parseSpec("cells", "n:Long,dtg:Date,*geom:Point:srid=4326"));
    TaskWriter w = s.taskWriter("cells", 0, 0);
    w.write(cell(s.getSchema("cells"), "x", 1, 1));
    TaskResult r = w.finish();
    assertThatThrownBy(() -> s.commitUpsert("cells", List.of(r), "w", 0))
        .hasMessageContaining("upsertWriter");
  }

  @Test
  void compactionMergesSmallFilesAndKeepsContent() throws Exception {
    FsDataStore s = store(dir.resolve("c"));
    s.createSchema(FeatureTypes.parseSpec("cells", "n:Long,dtg:Date,*geom:Point:srid=4326"));
    SimpleFeatureType type = s.getSchema("cells");
    for (int batch = 0; batch < 12; batch++) {
      List<SimpleFeature> fs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int id = batch * 5 + i; // half of each batch replaces the previous one's
        fs.add(cell(type, String.format("w%04d", id), batch, id % 50));
      }
      assertThat(s.commitUpsert("cells", List.of(write(s, "cells", fs)), "sink", batch)).isTrue();
    }
    Map<String, Long> before = contents(s, "cells");
    int filesBefore = s.fsType("cells").log().snapshot().files().size();
    assertThat(filesBefore).isGreaterThan(3);
    int merged = s.compact("cells", 2);
    assertThat(merged).isEqualTo(filesBefore);
    assertThat(s.fsType("cells").log().snapshot().files()).hasSize(1);
    assertThat(contents(s, "cells")).isEqualTo(before).hasSize(65);
    assertThat(s.compact("cells", 2)).isZero();
  }

  @Test
  void logCheckpointsKeepOpeningFastAndExact() throws Exception {
    FsDataStore s = store(dir.resolve("d"));
    s.createSchema(FeatureTypes.parseSpec("cells", "n:Long,dtg:Date,*geom:Point:srid=4326"));
    SimpleFeatureType type = s.getSchema("cells");
    int commits = TxLog.CHECKPOINT_INTERVAL + 5;
    for (int i = 0; i < commits; i++) {
      assertThat(s.commitUpsert("cells", List.of(write(s, "cells", List.of(cell(type, "f" + (i % 7), i, i % 7)))),
          "sink", i)).isTrue();
    }
    Path log = dir.resolve("d/cells/_geostream/log");
    try (var files = Files.list(log)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".checkpoint.json")))
          .containsExactly(String.format("%020d.checkpoint.json", TxLog.CHECKPOINT_INTERVAL));
    }
    Map<String, Long> expected = contents(s, "cells");
    // A new store reads the checkpoint and the five commits after it; deleting the commits the
    // checkpoint covers proves they are not read.
    for (int v = 1; v <= TxLog.CHECKPOINT_INTERVAL; v++) {
      Files.delete(log.resolve(String.format("%020d.json", v)));
    }
    FsDataStore again = store(dir.resolve("d"));
    assertThat(contents(again, "cells")).isEqualTo(expected).hasSize(7);
    assertThat(again.committedSequence("cells", "sink")).isEqualTo(commits - 1);
  }

  @Test
  void typeUserDataChoosesItsPartitionScheme() throws Exception {
    FsDataStore s = store(dir.resolve("e"));
    SimpleFeatureType t = FeatureTypes.parseSpec("hourly", "n:Long,dtg:Date,*geom:Point:srid=4326");
    t.getUserData().put("fs.partition-scheme", "hourly");
    s.createSchema(t);
    assertThat(s.fsType("hourly").scheme().toString()).isEqualTo("hourly");
    SimpleFeatureType bad = FeatureTypes.parseSpec("bad", "n:Long,dtg:Date,*geom:Point:srid=4326");
    bad.getUserData().put("fs.partition-scheme", "weekly");
    assertThatThrownBy(() -> s.createSchema(bad)).hasMessageContaining("weekly");
  }
}
