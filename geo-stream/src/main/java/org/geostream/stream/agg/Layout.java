package org.geostream.stream.agg;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What an accumulator keeps for a list of aggregates: the numeric fields (measures) with their
 * moments, extremes and first/last values, which measures also keep a quantile sketch, and the
 * fields whose distinct values are counted. Count, extent and centroid cost nothing extra.
 */
public final class Layout implements Serializable {
  private static final long serialVersionUID = 1L;
  final List<String> measures = new ArrayList<>();
  final List<Boolean> quantiles = new ArrayList<>();
  final List<String> distincts = new ArrayList<>();
  /** Per measure: whether mean and M2 (variance), min and max, first and last are asked for. */
  final boolean[] moments;
  final boolean[] extremes;
  final boolean[] ends;
  private final List<AggregateSpec> aggregates;

  public Layout(List<AggregateSpec> aggregates) {
    this.aggregates = List.copyOf(aggregates);
    for (AggregateSpec a : aggregates) {
      if (a.fn() == AggregateSpec.Fn.DISTINCT) {
        if (!distincts.contains(a.field())) {
          distincts.add(a.field());
        }
      } else if (a.fn().needsField) {
        int i = measures.indexOf(a.field());
        if (i < 0) {
          measures.add(a.field());
          quantiles.add(false);
          i = measures.size() - 1;
        }
        if (a.fn() == AggregateSpec.Fn.QUANTILE) {
          quantiles.set(i, true);
        }
      }
    }
    moments = new boolean[measures.size()];
    extremes = new boolean[measures.size()];
    ends = new boolean[measures.size()];
    for (AggregateSpec a : aggregates) {
      int i = a.fn() == AggregateSpec.Fn.DISTINCT || !a.fn().needsField ? -1 : measures.indexOf(a.field());
      if (i >= 0) {
        switch (a.fn()) {
          case VARIANCE, STDDEV -> moments[i] = true;
          case MIN, MAX -> extremes[i] = true;
          case FIRST, LAST -> ends[i] = true;
          default -> { }
        }
      }
    }
  }

  public List<AggregateSpec> aggregates() {
    return aggregates;
  }

  /** The numeric fields, in the order an event's measure values come. */
  public List<String> measures() {
    return measures;
  }

  /** The fields whose distinct values are counted, in the order an event's distinct values come. */
  public List<String> distincts() {
    return distincts;
  }

  /** An empty accumulator of this layout. */
  public Accumulator empty() {
    return new Accumulator(this);
  }
}
