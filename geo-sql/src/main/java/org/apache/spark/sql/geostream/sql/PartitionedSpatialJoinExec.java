package org.apache.spark.sql.geostream.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.optimizer.BuildSide;
import org.apache.spark.sql.catalyst.plans.JoinType;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.catalyst.plans.physical.UnknownPartitioning;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.UnsafeRowSerializer;
import org.apache.spark.sql.types.DataType;
import org.geostream.sql.join.BuildGeometry;
import org.geostream.sql.join.BuildIndex;
import org.geostream.sql.join.ProbeGeometry;
import org.geostream.sql.join.SpatialGrid;
import org.locationtech.jts.geom.Envelope;
import scala.Tuple2;
import scala.collection.IndexedSeq;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The partitioned spatial join, for two sides too large to broadcast:
 *
 * <ol>
 *   <li>a sample of the geometries' extents (a few thousand rows, reservoir-sampled per input
 *       partition) gives a k-d tree {@link SpatialGrid} of {@code partitions} cells holding about
 *       equal shares of the data;
 *   <li>both sides are shuffled to the cells their extents touch ({@link CellAssigner});
 *   <li>each cell indexes its build rows ({@link BuildIndex}) and streams its probe rows against
 *       them ({@link JoinTask});
 *   <li>inner join: a pair of geometries touching several cells is found in each of them and kept
 *       only in the cell holding the lower-left corner of their extents' intersection, one cell
 *       exactly, since cells are half-open; outer join: each probe row goes to one cell (the
 *       home extents of the cells are measured in one more pass), so it is matched, or emitted
 *       with nulls, in one place.
 * </ol>
 *
 * <p>The inputs are read twice (the sample, then the shuffle), an outer join's probe side three
 * times. Each cell holds its build rows in memory.
 */
public final class PartitionedSpatialJoinExec extends SpatialJoinExec {
  private static final long serialVersionUID = 1L;
  /** Sample size aimed at per cell, and the bounds of the whole sample. */
  private static final int SAMPLE_PER_CELL = 200;
  private static final int SAMPLE_MIN = 2_000;
  private static final int SAMPLE_MAX = 200_000;

  private final int partitions;

  /** The join of {@code left} and {@code right} over {@code partitions} cells, indexing {@code buildSide}. */
  public PartitionedSpatialJoinExec(JoinType joinType, BuildSide buildSide, Expression condition, Seq<Attribute> output,
      int partitions, SparkPlan left, SparkPlan right) {
    super(joinType, buildSide, condition, output, left, right);
    this.partitions = partitions;
  }

  @Override
  String details() {
    return ", " + partitions + " partitions";
  }

  @Override
  public Partitioning outputPartitioning() {
    return new UnknownPartitioning(partitions);
  }

  @Override
  public RDD<InternalRow> doExecute() {
    JoinSpec spec = spec();
    ClassTag<InternalRow> rowTag = ClassTag$.MODULE$.apply(InternalRow.class);
    JavaRDD<InternalRow> build = JavaRDD.fromRDD(buildPlan().execute(), rowTag);
    JavaRDD<InternalRow> probe = JavaRDD.fromRDD(probePlan().execute(), rowTag);
    boolean outer = spec.outer();
    int n = partitions;

    int inputPartitions = build.getNumPartitions() + (outer ? 0 : probe.getNumPartitions());
    int perPartition = Math.max(1, Math.min(SAMPLE_MAX, Math.max(SAMPLE_MIN, n * SAMPLE_PER_CELL)) / Math.max(1, inputPartitions));
    List<double[]> sample = new ArrayList<>(sample(build, spec, true, perPartition));
    if (!outer) {
      sample.addAll(sample(probe, spec, false, perPartition));
    }
    double[] xs = new double[sample.size()];
    double[] ys = new double[sample.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = sample.get(i)[0];
      ys[i] = sample.get(i)[1];
    }
    SpatialGrid grid = SpatialGrid.build(xs, ys, xs.length, n);
    double[] homes = outer ? homeExtents(probe, spec, grid) : null;

    DataType[] buildTypes = types(buildPlan().output());
    DataType[] probeTypes = types(probePlan().output());
    JavaRDD<Tuple2<Integer, InternalRow>> builds = shuffle(
        build.mapPartitionsToPair(rows -> new CellAssigner(rows, true, spec, grid, homes, n, buildTypes)),
        n, buildTypes.length + 1);
    JavaRDD<Tuple2<Integer, InternalRow>> probes = shuffle(
        probe.mapPartitionsToPair(rows -> new CellAssigner(rows, false, spec, grid, homes, n, probeTypes)),
        n, probeTypes.length + 1);
    return builds.zipPartitions(probes, (b, p) -> join(b, p, spec, outer ? null : grid, buildTypes, probeTypes)).rdd();
  }

  /** The reduce side: one cell's build rows indexed, its probe rows streamed. */
  private static Iterator<InternalRow> join(Iterator<Tuple2<Integer, InternalRow>> builds,
      Iterator<Tuple2<Integer, InternalRow>> probes, JoinSpec spec, SpatialGrid grid, DataType[] buildTypes,
      DataType[] probeTypes) {
    UnsafeProjection untagBuild = untag(buildTypes);
    List<BuildGeometry> geometries = new ArrayList<>();
    List<BuildGeometry> srids = new ArrayList<>();
    while (builds.hasNext()) {
      UnsafeRow tagged = (UnsafeRow) builds.next()._2();
      InternalRow row = untagBuild.apply(tagged).copy();
      byte[] encoded = spec.buildGeometry().encoded(row);
      if (encoded == null) {
        continue;
      }
      if (tagged.getInt(0) == CellAssigner.MARKER) {
        srids.add(new BuildGeometry(row, srids.size(), encoded));
      } else {
        geometries.add(new BuildGeometry(row, geometries.size(), encoded));
      }
    }
    BuildIndex index = new BuildIndex(geometries, spec.predicate());
    UnsafeProjection untagProbe = untag(probeTypes);
    Iterator<InternalRow> rows = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return probes.hasNext();
      }

      @Override
      public InternalRow next() {
        return untagProbe.apply(probes.next()._2());
      }
    };
    return new JoinTask(rows, spec, index, srids, grid, TaskContext.getPartitionId());
  }

  /** The centres of the extents of up to {@code k} rows of each partition (reservoir sampling). */
  private static List<double[]> sample(JavaRDD<InternalRow> rdd, JoinSpec spec, boolean build, int k) {
    return rdd.mapPartitionsWithIndex((index, rows) -> {
      InternalRow[] kept = new InternalRow[k];
      Random random = new Random(index);
      long seen = 0;
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        if (seen < k) {
          kept[(int) seen] = row.copy();
        } else {
          long j = (long) (random.nextDouble() * (seen + 1));
          if (j < k) {
            kept[(int) j] = row.copy();
          }
        }
        seen++;
      }
      SideGeometry geometry = build ? spec.buildGeometry() : spec.probeGeometry();
      ProbeGeometry g = new ProbeGeometry();
      List<double[]> out = new ArrayList<>();
      for (int i = 0; i < Math.min(seen, k); i++) {
        if (geometry.load(kept[i], g) && !g.isEmpty()) {
          Envelope e = g.envelope();
          out.add(new double[] {e.getMinX() / 2 + e.getMaxX() / 2, e.getMinY() / 2 + e.getMaxY() / 2});
        }
      }
      return out.iterator();
    }, false).collect();
  }

  /** Per cell, the extent of the probe rows whose home it is (outer joins). */
  private static double[] homeExtents(JavaRDD<InternalRow> probe, JoinSpec spec, SpatialGrid grid) {
    int cells = grid.cells();
    List<double[]> parts = probe.mapPartitions(rows -> {
      double[] e = empty(cells);
      ProbeGeometry g = new ProbeGeometry();
      while (rows.hasNext()) {
        if (spec.probeGeometry().load(rows.next(), g) && !g.isEmpty()) {
          Envelope env = g.envelope();
          int c = grid.cellOf(env.getMinX(), env.getMinY());
          e[4 * c] = Math.min(e[4 * c], env.getMinX());
          e[4 * c + 1] = Math.min(e[4 * c + 1], env.getMinY());
          e[4 * c + 2] = Math.max(e[4 * c + 2], env.getMaxX());
          e[4 * c + 3] = Math.max(e[4 * c + 3], env.getMaxY());
        }
      }
      return List.of(e).iterator();
    }).collect();
    double[] all = empty(cells);
    for (double[] e : parts) {
      for (int i = 0; i < all.length; i += 4) {
        all[i] = Math.min(all[i], e[i]);
        all[i + 1] = Math.min(all[i + 1], e[i + 1]);
        all[i + 2] = Math.max(all[i + 2], e[i + 2]);
        all[i + 3] = Math.max(all[i + 3], e[i + 3]);
      }
    }
    return all;
  }

  private static double[] empty(int cells) {
    double[] e = new double[cells * 4];
    for (int i = 0; i < e.length; i += 4) {
      Arrays.fill(e, i, i + 2, Double.POSITIVE_INFINITY);
      Arrays.fill(e, i + 2, i + 4, Double.NEGATIVE_INFINITY);
    }
    return e;
  }

  /** Shuffles tagged rows to the partitions named by their keys, serialized as Spark SQL's exchanges do. */
  private static JavaRDD<Tuple2<Integer, InternalRow>> shuffle(JavaPairRDD<Integer, InternalRow> rows, int partitions,
      int width) {
    ShuffledRDD<Integer, InternalRow, InternalRow> shuffled = new ShuffledRDD<>(rows.rdd(), new CellPartitioner(partitions),
        ClassTag$.MODULE$.apply(Integer.class), ClassTag$.MODULE$.apply(InternalRow.class),
        ClassTag$.MODULE$.apply(InternalRow.class));
    shuffled.setSerializer(new UnsafeRowSerializer(width, null));
    @SuppressWarnings("unchecked")
    RDD<Tuple2<Integer, InternalRow>> pairs = (RDD<Tuple2<Integer, InternalRow>>) (RDD<?>) shuffled;
    return JavaRDD.fromRDD(pairs, ClassTag$.MODULE$.apply(Tuple2.class));
  }

  /** The projection dropping the tag column of rows with columns {@code types} after it. */
  private static UnsafeProjection untag(DataType[] types) {
    List<Expression> columns = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      columns.add(new BoundReference(i + 1, types[i], true));
    }
    return UnsafeProjection.create(JavaConverters.asScalaBuffer(columns).toSeq());
  }

  private static DataType[] types(Seq<Attribute> output) {
    List<Attribute> attrs = JavaConverters.seqAsJavaList(output);
    DataType[] out = new DataType[attrs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = attrs.get(i).dataType();
    }
    return out;
  }

  /** Sends a row keyed by its cell to the partition of that number. */
  private static final class CellPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    CellPartitioner(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CellPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }

  @Override
  public SparkPlan withNewChildrenInternal(IndexedSeq<SparkPlan> children) {
    return new PartitionedSpatialJoinExec(joinType, buildSide, condition, output, partitions, children.apply(0),
        children.apply(1));
  }

  @Override
  List<Object> constructorArgs() {
    return Arrays.asList(joinType, buildSide, condition, output, partitions, left, right);
  }
}
