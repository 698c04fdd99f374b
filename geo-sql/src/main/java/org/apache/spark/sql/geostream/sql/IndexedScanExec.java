package org.apache.spark.sql.geostream.sql;

import java.util.Locale;
import java.util.Objects;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;
import org.geostream.sql.cache.IndexedPartition;
import org.locationtech.jts.geom.Envelope;
import scala.collection.IndexedSeq;
import scala.collection.Seq;

/**
 * Reads an {@link IndexedCache} through its index: in each partition the rows whose indexed
 * geometry's box intersects {@code box}. The filter above it decides each row. Shown in plans as
 * {@code IndexedCacheScan [columns], index on <column>, box (...)}.
 */
public final class IndexedScanExec extends SparkPlan {
  private static final long serialVersionUID = 1L;
  private final Seq<Attribute> output;
  private final transient IndexedCache cache;
  private final Envelope box;
  private transient scala.collection.immutable.Map<String, SQLMetric> metrics;

  /** A scan of {@code cache} for the rows whose indexed geometry meets {@code box}. */
  public IndexedScanExec(Seq<Attribute> output, IndexedCache cache, Envelope box) {
    this.output = output;
    this.cache = cache;
    this.box = box;
  }

  @Override
  public scala.collection.immutable.Map<String, SQLMetric> metrics() {
    if (metrics == null) {
      metrics = new scala.collection.immutable.Map.Map1<>("numOutputRows",
          SQLMetrics.createMetric(sparkContext(), "number of rows the index found"));
    }
    return metrics;
  }

  @Override
  public RDD<InternalRow> doExecute() {
    SQLMetric found = metrics().apply("numOutputRows");
    double x0 = box.getMinX();
    double y0 = box.getMinY();
    double x1 = box.getMaxX();
    double y1 = box.getMaxY();
    boolean none = box.isNull();
    return cache.partitions().mapPartitions((java.util.Iterator<IndexedPartition> it) -> {
      if (!it.hasNext() || none) {
        return java.util.Collections.<InternalRow>emptyIterator();
      }
      java.util.Iterator<InternalRow> rows = it.next().intersecting(x0, y0, x1, y1);
      return new java.util.Iterator<InternalRow>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public InternalRow next() {
          found.add(1);
          return rows.next();
        }
      };
    }, true).rdd();
  }

  @Override
  public Seq<Attribute> output() {
    return output;
  }

  @Override
  public Seq<SparkPlan> children() {
    return (Seq<SparkPlan>) (Seq<?>) scala.collection.immutable.Nil$.MODULE$;
  }

  @Override
  public SparkPlan withNewChildrenInternal(IndexedSeq<SparkPlan> children) {
    return this;
  }

  @Override
  public String nodeName() {
    return "IndexedCacheScan";
  }

  @Override
  public String argString(int maxFields) {
    return output.mkString("[", ", ", "]") + ", index on " + output.apply(cache.geometry()).name() + ", box "
        + (box.isNull() ? "(empty)" : String.format(Locale.ROOT, "(%s, %s, %s, %s)", box.getMinX(), box.getMinY(),
        box.getMaxX(), box.getMaxY()));
  }

  @Override
  public int productArity() {
    return 3;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> output;
      case 1 -> cache;
      case 2 -> box;
      default -> throw new IndexOutOfBoundsException(Integer.toString(n));
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof IndexedScanExec;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexedScanExec e && e.output.equals(output) && e.cache == cache && e.box.equals(box);
  }

  @Override
  public int hashCode() {
    return Objects.hash(output, System.identityHashCode(cache), box);
  }
}
