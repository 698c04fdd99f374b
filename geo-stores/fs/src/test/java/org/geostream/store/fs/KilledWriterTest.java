package org.geostream.store.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.Query;
import org.geostream.core.schema.FeatureTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer process killed with SIGKILL mid-way leaves the store readable with every commit intact. */
class KilledWriterTest {
  @TempDir
  Path dir;

  @Test
  void killedWriterLeavesCommittedBatchesOnly() throws Exception {
    DataStore store = FsDataStoreTest.open(dir, Map.of("fs.partition-scheme", "z2-2bit"));
    store.createSchema(FeatureTypes.parseSpec("k", FsDataStoreTest.POINTS_SPEC));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        KillWriterMain.class.getName(), dir.toString()).redirectErrorStream(false).start();
    int lastCommitted = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("committed ")) {
          lastCommitted = Integer.parseInt(line.substring(10));
          if (lastCommitted == 4) {
            // Let the next batch get under way, then kill the process without warning.
            Thread.sleep(20);
            p.destroyForcibly();
            break;
          }
        }
      }
    }
    p.waitFor();
    assertThat(lastCommitted).isEqualTo(4);
    DataStore after = FsDataStoreTest.open(dir, Map.of());
    Set<String> batches = FsDataStoreTest.read(after, new Query("k")).keySet().stream()
        .map(id -> id.substring(0, id.indexOf('-'))).collect(Collectors.toSet());
    Map<String, Long> perBatch = FsDataStoreTest.read(after, new Query("k")).keySet().stream()
        .collect(Collectors.groupingBy(id -> id.substring(0, id.indexOf('-')), Collectors.counting()));
    // Batches 0-4 are whole; a batch committed after the last line was read may be there too, but whole.
    assertThat(batches).containsAll(List.of("0", "1", "2", "3", "4"));
    assertThat(perBatch.values()).allSatisfy(n -> assertThat(n).isEqualTo(2000L));
    // Whole batches in commit order, no gaps: 0, 1, ... n.
    assertThat(batches.stream().mapToInt(Integer::parseInt).max().orElseThrow()).isEqualTo(batches.size() - 1);
    // Anything the dead process left half-written is an orphan that vacuum removes.
    long onDisk;
    try (var walk = Files.walk(dir.resolve("k"))) {
      onDisk = walk.filter(f -> f.toString().endsWith(".parquet")).count();
    }
    FsDataStore fs = (FsDataStore) after;
    int live = fs.fsType("k").log().snapshot().files().size();
    assertThat(fs.vacuum("k", 0)).isEqualTo((int) (onDisk - live));
    assertThat(FsDataStoreTest.read(after, new Query("k"))).hasSize(batches.size() * 2000);
  }
}
