package org.geostream.core.spi;

import java.io.IOException;
import java.util.List;
import org.geotools.api.data.Query;

/**
 * A splittable store whose writes are numbered commits, and which can list the features each
 * commit brought in: the source of a streaming read ({@code spark.readStream.format("geostream")}).
 *
 * <p>Versions of a type start at 0 (nothing committed) and grow by one per commit. What a commit
 * "brings in" is the store's to define and document; it must be such that reading the changes of
 * (0, v] and then of (v, w] yields every feature brought in by commits 1..w exactly once, and that
 * commits which only rewrite features already there (compaction, copy-on-write of untouched
 * features) bring in nothing.
 */
public interface ChangeFeedDataStore extends SplittableDataStore {

  /** The newest committed version of {@code typeName}; 0 when nothing was committed. */
  long latestVersion(String typeName) throws IOException;

  /**
   * The splits (read with {@link #readSplit}) of the features that the commits {@code
   * fromExclusive + 1 .. toInclusive} of {@code query.getTypeName()} brought in, with the query's
   * filter and property list applied; about {@code parallelism} of them, empty when there is
   * nothing to read.
   *
   * @throws IOException when a version in the range is not committed, or a commit is unreadable
   */
  List<? extends Split> changeSplits(Query query, long fromExclusive, long toInclusive, int parallelism)
      throws IOException;
}
