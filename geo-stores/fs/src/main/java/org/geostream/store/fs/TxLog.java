package org.geostream.store.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.geostream.types.Errors;

/**
 * The commit log of one feature type: the only record of which data files make up the type.
 *
 * <p>Each commit is one JSON file {@code _geostream/log/<version>.json} listing the files it adds
 * and removes. A commit becomes visible in one step: its file is written under a temporary name
 * and then published under its version number with an operation that fails when the version
 * exists (a hard link on local disks, a rename on HDFS-like file systems), so concurrent writers
 * never overwrite each other; the loser re-reads the log and retries, or fails when a file it
 * replaces was replaced meanwhile. Readers see the files of the newest complete commit: a data
 * file written by a task that died, or not yet committed, is never read.
 *
 * <p>Thread-safe: commits in one JVM are serialised per log.
 */
final class TxLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RETRIES = 50;

  private final FileSystem fs;
  private final Path typeDir;
  private final Path logDir;
  /** A checkpoint (the whole state in one file) is written every this many commits. */
  static final int CHECKPOINT_INTERVAL = 100;

  private Snapshot cached = new Snapshot(0, Map.of(), Map.of());
  private boolean checkpointLoaded;

  /**
   * The committed state at one version: data files by path, and the highest sequence number each
   * upserting writer committed.
   */
  record Snapshot(long version, Map<String, DataFile> files, Map<String, Long> sequences) {
    long rows() {
      return files.values().stream().mapToLong(DataFile::rows).sum();
    }

    long sequence(String writer) {
      return sequences.getOrDefault(writer, -1L);
    }
  }

  TxLog(FileSystem fs, Path typeDir) {
    this.fs = fs;
    this.typeDir = typeDir;
    this.logDir = new Path(typeDir, "_geostream/log");
  }

  /** The newest committed state (reads only commits newer than the last one seen). */
  synchronized Snapshot snapshot() throws IOException {
    if (!checkpointLoaded) {
      checkpointLoaded = true;
      Snapshot c = latestCheckpoint();
      if (c != null) {
        cached = c;
      }
    }
    Snapshot s = cached;
    long v = s.version();
    Map<String, DataFile> files = null;
    Map<String, Long> sequences = null;
    while (true) {
      Path next = commitPath(v + 1);
      JsonNode commit;
      try (InputStream in = fs.open(next)) {
        commit = JSON.readTree(in);
      } catch (FileNotFoundException e) {
        break;
      } catch (IOException e) {
        throw Errors.cannot("read commit log of " + typeDir, "commit " + next.getName() + " is unreadable: "
            + e.getMessage(), null, e);
      }
      if (files == null) {
        files = new LinkedHashMap<>(s.files());
        sequences = new LinkedHashMap<>(s.sequences());
      }
      if (commit.has("writer")) {
        sequences.merge(commit.get("writer").asText(), commit.get("sequence").asLong(), Math::max);
      }
      for (JsonNode r : commit.path("remove")) {
        files.remove(r.asText());
      }
      for (JsonNode a : commit.path("add")) {
        DataFile f = fromJson(a);
        files.put(f.path(), f);
      }
      v++;
    }
    if (files != null) {
      cached = new Snapshot(v, java.util.Collections.unmodifiableMap(files),
          java.util.Collections.unmodifiableMap(sequences));
    }
    return cached;
  }

  /** The newest readable checkpoint, or null when there is none. */
  private Snapshot latestCheckpoint() throws IOException {
    FileStatus[] list;
    try {
      list = fs.listStatus(logDir, p -> p.getName().endsWith(".checkpoint.json"));
    } catch (FileNotFoundException e) {
      return null;
    }
    java.util.Arrays.sort(list, java.util.Comparator.comparing((FileStatus st) -> st.getPath().getName()).reversed());
    for (FileStatus st : list) {
      try (InputStream in = fs.open(st.getPath())) {
        JsonNode n = JSON.readTree(in);
        Map<String, DataFile> files = new LinkedHashMap<>();
        for (JsonNode a : n.path("files")) {
          DataFile f = fromJson(a);
          files.put(f.path(), f);
        }
        Map<String, Long> sequences = new LinkedHashMap<>();
        n.path("sequences").fields().forEachRemaining(e -> sequences.put(e.getKey(), e.getValue().asLong()));
        return new Snapshot(n.get("version").asLong(), java.util.Collections.unmodifiableMap(files),
            java.util.Collections.unmodifiableMap(sequences));
      } catch (IOException | RuntimeException e) {
        // A checkpoint cut short by a crash: an older one, or the commits themselves, will do.
      }
    }
    return null;
  }

  /** Writes the state at {@code s.version()} as one file, so opening the log reads only newer commits. */
  private void checkpoint(Snapshot s) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("version", s.version());
    ArrayNode files = body.putArray("files");
    s.files().values().forEach(f -> files.add(toJson(f)));
    ObjectNode seq = body.putObject("sequences");
    s.sequences().forEach(seq::put);
    Path tmp = new Path(logDir, "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(JSON.writeValueAsBytes(body));
    }
    if (!fs.rename(tmp, new Path(logDir, String.format("%020d.checkpoint.json", s.version())))) {
      fs.delete(tmp, false);
    }
  }

  /**
   * Commits {@code add} and {@code remove} as one new version.
   *
   * @param operation a word for the log ({@code append}, {@code update}, {@code delete}, {@code compact})
   * @return the version committed
   * @throws IOException when a file to remove is no longer part of the type (a concurrent update
   *     replaced it), or the log cannot be written
   */
  synchronized long commit(String operation, Collection<DataFile> add, Collection<String> remove) throws IOException {
    return commit(operation, add, remove, null, -1);
  }

  /**
   * Commits like {@link #commit(String, Collection, Collection)}, recorded as {@code (writer,
   * sequence)}; returns -1 without committing when the writer has committed that sequence or a
   * later one (checked against the newest state, under the same publish step).
   */
  synchronized long commit(String operation, Collection<DataFile> add, Collection<String> remove, String writer,
      long sequence) throws IOException {
    return commit(operation, add, remove, writer, sequence, List.of());
  }

  /**
   * Commits like {@link #commit(String, Collection, Collection, String, long)}; {@code copied} names
   * those of the added files that only copy features the type held already (the untouched features
   * of files an upsert rewrote), so that the change feed ({@link #changes}) leaves them out.
   */
  synchronized long commit(String operation, Collection<DataFile> add, Collection<String> remove, String writer,
      long sequence, Collection<String> copied) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("operation", operation);
    if (writer != null) {
      body.put("writer", writer);
      body.put("sequence", sequence);
    }
    if (!copied.isEmpty()) {
      ArrayNode c = body.putArray("copied");
      copied.forEach(c::add);
    }
    body.put("timestamp", System.currentTimeMillis());
    ArrayNode adds = body.putArray("add");
    add.forEach(f -> adds.add(toJson(f)));
    ArrayNode removes = body.putArray("remove");
    remove.forEach(removes::add);
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    fs.mkdirs(logDir);
    Path tmp = new Path(logDir, "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(bytes);
    }
    try {
      for (int attempt = 0; attempt < RETRIES; attempt++) {
        Snapshot s = snapshot();
        if (writer != null && s.sequence(writer) >= sequence) {
          return -1;
        }
        for (String r : remove) {
          if (!s.files().containsKey(r)) {
            throw new IOException("Cannot commit " + operation + ": file '" + r
                + "' was replaced by a concurrent commit; retry the operation");
          }
        }
        if (publish(tmp, commitPath(s.version() + 1))) {
          Snapshot now = snapshot();
          if (now.version() % CHECKPOINT_INTERVAL == 0) {
            checkpoint(now);
          }
          return s.version() + 1;
        }
      }
      throw new IOException("Cannot commit " + operation + ": " + RETRIES + " concurrent commits won the race");
    } finally {
      fs.delete(tmp, false);
    }
  }

  /**
   * The data files that the commits {@code fromExclusive + 1 .. toInclusive} brought in, in commit
   * order: every file an {@code append} added, and the files an {@code upsert} added with the
   * features it wrote (new ones and new versions of existing ones), not the files that copy the
   * untouched features of the files it rewrote. Commits that only reorganise or replace what the
   * type held ({@code compact}, {@code update}, {@code delete}, {@code overwrite}) bring in nothing.
   *
   * @throws IOException when a version in the range is not committed, or a commit is unreadable
   */
  List<DataFile> changes(long fromExclusive, long toInclusive) throws IOException {
    List<DataFile> out = new ArrayList<>();
    for (long v = Math.max(0, fromExclusive) + 1; v <= toInclusive; v++) {
      Path p = commitPath(v);
      JsonNode commit;
      try (InputStream in = fs.open(p)) {
        commit = JSON.readTree(in);
      } catch (FileNotFoundException e) {
        throw new IOException(Errors.message("read the changes of " + typeDir.getName(), "version " + v
            + " is not committed (newest: " + snapshot().version() + ")", fromExclusive + ".." + toInclusive), e);
      }
      String op = commit.path("operation").asText();
      if (!op.equals("append") && !op.equals("upsert")) {
        continue;
      }
      Set<String> copied = new java.util.HashSet<>();
      commit.path("copied").forEach(c -> copied.add(c.asText()));
      for (JsonNode a : commit.path("add")) {
        DataFile f = fromJson(a);
        if (!copied.contains(f.path())) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** Publishes {@code tmp} as {@code target} unless {@code target} exists; true when it did. */
  private boolean publish(Path tmp, Path target) throws IOException {
    if (fs instanceof org.apache.hadoop.fs.RawLocalFileSystem) {
      try {
        org.apache.hadoop.fs.RawLocalFileSystem local = (org.apache.hadoop.fs.RawLocalFileSystem) fs;
        Files.createLink(local.pathToFile(target).toPath(), local.pathToFile(tmp).toPath());
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    return fs.rename(tmp, target);
  }

  private Path commitPath(long version) {
    return new Path(logDir, String.format("%020d.json", version));
  }

  /**
   * Deletes data files that no commit of the current state references: files removed by a commit
   * older than {@code retentionMillis} and files never committed (from failed or killed writes)
   * older than that. Returns the number of files deleted.
   */
  synchronized int vacuum(long retentionMillis) throws IOException {
    Set<String> live = snapshot().files().keySet();
    long cutoff = System.currentTimeMillis() - retentionMillis;
    List<Path> doomed = new ArrayList<>();
    collect(typeDir, "", live, cutoff, doomed);
    for (Path p : doomed) {
      fs.delete(p, false);
    }
    return doomed.size();
  }

  private void collect(Path dir, String rel, Set<String> live, long cutoff, List<Path> out) throws IOException {
    FileStatus[] list;
    try {
      list = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return;
    }
    for (FileStatus st : list) {
      String name = st.getPath().getName();
      String r = rel.isEmpty() ? name : rel + "/" + name;
      if (st.isDirectory()) {
        if (!name.equals("_geostream")) {
          collect(st.getPath(), r, live, cutoff, out);
        }
      } else if (name.endsWith(".parquet") && !live.contains(r) && st.getModificationTime() < cutoff) {
        out.add(st.getPath());
      }
    }
  }

  private static ObjectNode toJson(DataFile f) {
    ObjectNode n = JSON.createObjectNode();
    n.put("path", f.path());
    n.put("partition", f.partition());
    n.put("rows", f.rows());
    n.put("bytes", f.bytes());
    if (f.bbox() != null) {
      ArrayNode b = n.putArray("bbox");
      for (double d : f.bbox()) {
        b.add(d);
      }
    }
    if (f.minTime() != null) {
      n.put("minTime", f.minTime());
      n.put("maxTime", f.maxTime());
    }
    if (f.minFid() != null) {
      n.put("minFid", f.minFid());
      n.put("maxFid", f.maxFid());
    }
    return n;
  }

  private static DataFile fromJson(JsonNode n) {
    double[] bbox = null;
    if (n.has("bbox")) {
      bbox = new double[4];
      for (int i = 0; i < 4; i++) {
        bbox[i] = n.get("bbox").get(i).asDouble();
      }
    }
    return new DataFile(n.get("path").asText(), n.path("partition").asText(""), n.get("rows").asLong(),
        n.path("bytes").asLong(), bbox, n.has("minTime") ? n.get("minTime").asLong() : null,
        n.has("maxTime") ? n.get("maxTime").asLong() : null, n.has("minFid") ? n.get("minFid").asText() : null,
        n.has("maxFid") ? n.get("maxFid").asText() : null);
  }
}
