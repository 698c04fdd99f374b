package org.geostream.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.data.Query;
import org.geotools.api.data.SimpleFeatureStore;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.filter.text.ecql.ECQL;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.core.spi.BulkWritableDataStore.TaskWriter;
import org.geostream.core.spi.SplittableDataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The change feed of the fs store: what each kind of commit brings in, across a log checkpoint, and
 * the errors for a version not committed and for files vacuumed away.
 */
class FsChangeFeedTest {
  static final GeometryFactory GF = new GeometryFactory();

  @TempDir
  Path dir;

  private static SimpleFeature cell(SimpleFeatureType type, String id, long n) {
    int x = Math.abs(id.hashCode()) % 50;
    return new SerializableFeature(new Object[] {n, new Date(1_700_000_000_000L + x * 60_000L),
        GF.createPoint(new Coordinate(x, x))}, type, id);
  }

  private static void append(FsDataStore s, SimpleFeatureType t, String... ids) throws IOException {
    TaskWriter w = s.taskWriter("cells", 0, 0);
    for (String id : ids) {
      w.write(cell(t, id, 0));
    }
    s.commit("cells", List.of(w.finish()));
  }

  private static void upsert(FsDataStore s, SimpleFeatureType t, long sequence, long n, String... ids)
      throws IOException {
    TaskWriter w = s.upsertWriter("cells", 0, 0);
    for (String id : ids) {
      w.write(cell(t, id, n));
    }
    assertThat(s.commitUpsert("cells", List.of(w.finish()), "sink", sequence)).isTrue();
  }

  /** The features the commits (from, to] brought in, as "id=n", in read order. */
  private static List<String> changes(FsDataStore s, String filter, long from, long to) throws Exception {
    List<String> out = new ArrayList<>();
    Query q = new Query("cells", ECQL.toFilter(filter));
    for (SplittableDataStore.Split split : s.changeSplits(q, from, to, 2)) {
      try (FeatureReader<SimpleFeatureType, SimpleFeature> r = s.readSplit(split)) {
        while (r.hasNext()) {
          SimpleFeature f = r.next();
          out.add(f.getID() + "=" + f.getAttribute("n"));
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void appendsAndUpsertsBringInWhatTheyWroteOtherCommitsNothing() throws Exception {
    FsDataStore s = (FsDataStore) FsDataStoreTest.open(dir, Map.of("fs.partition-scheme", "none"));
    s.createSchema(FeatureTypes.parseSpec("cells", "n:Long,dtg:Date,*geom:Point:srid=4326"));
    SimpleFeatureType t = s.getSchema("cells");
    assertThat(s.latestVersion("cells")).isZero();
    append(s, t, "a", "b", "c"); // 1
    upsert(s, t, 0, 5, "b", "d"); // 2: rewrites the file of a, b, c; a and c are copies
    SimpleFeatureStore fstore = (SimpleFeatureStore) s.getFeatureSource("cells");
    fstore.modifyFeatures("n", 9L, ECQL.toFilter("IN ('a')")); // 3: update
    fstore.removeFeatures(ECQL.toFilter("IN ('c')")); // 4: delete
    append(s, t, "e"); // 5
    assertThat(s.compact("cells", 2)).isGreaterThan(1); // 6: compaction
    assertThat(s.latestVersion("cells")).isEqualTo(6);

    assertThat(changes(s, "INCLUDE", 0, 1)).containsExactly("a=0", "b=0", "c=0");
    assertThat(changes(s, "INCLUDE", 1, 2)).containsExactly("b=5", "d=5");
    assertThat(changes(s, "INCLUDE", 2, 4)).isEmpty();
    assertThat(changes(s, "INCLUDE", 4, 6)).containsExactly("e=0");
    assertThat(changes(s, "INCLUDE", 0, 6)).containsExactly("a=0", "b=0", "b=5", "c=0", "d=5", "e=0");
    assertThat(changes(s, "n > 0", 0, 6)).containsExactly("b=5", "d=5");
    assertThat(changes(s, "INCLUDE", 6, 6)).isEmpty();

    assertThatThrownBy(() -> changes(s, "INCLUDE", 5, 7)).hasMessage(
        "Cannot read the changes of cells: version 7 is not committed (newest: 6): '5..7'");
    // Compaction replaced the appended files; once vacuumed, reading them again is an error naming why.
    s.vacuum("cells", 0);
    assertThatThrownBy(() -> changes(s, "INCLUDE", 0, 1)).hasMessageContaining(
        "the data file was replaced by a later commit and deleted by vacuum");
  }

  @Test
  void theFeedSpansLogCheckpoints() throws Exception {
    FsDataStore s = (FsDataStore) FsDataStoreTest.open(dir, Map.of("fs.partition-scheme", "none"));
    s.createSchema(FeatureTypes.parseSpec("cells", "n:Long,dtg:Date,*geom:Point:srid=4326"));
    SimpleFeatureType t = s.getSchema("cells");
    int commits = TxLog.CHECKPOINT_INTERVAL + 5;
    for (int i = 0; i < commits; i++) {
      append(s, t, String.format("f%03d", i));
    }
    // A store opened afresh starts from the checkpoint, and still reads every commit's changes.
    FsDataStore again = (FsDataStore) FsDataStoreTest.open(dir, Map.of());
    assertThat(again.latestVersion("cells")).isEqualTo(commits);
    List<String> all = changes(again, "INCLUDE", 0, commits);
    assertThat(all).hasSize(commits).doesNotHaveDuplicates();
    assertThat(changes(again, "INCLUDE", 99, 101)).containsExactly("f099=0", "f100=0");
  }
}
