package org.geostream.sql.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.geotools.api.data.Query;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.filter.Filter;
import org.geostream.core.schema.FeatureRowConverter;
import org.geostream.core.schema.FeatureSchemas;
import org.geostream.core.spi.GeoToolsProvider;
import org.geostream.core.spi.QuerySpec;

/**
 * A planned read: the GeoTools query (type, ECQL filter, properties, limit), split into
 * partitions by the store ({@code SplittableDataStore}) or by space, read in parallel on the
 * executors. {@link #description()} shows the query in {@code explain()}.
 */
final class GeoScan implements Scan, Batch {
  private final SourceOptions options;
  private final StructType readSchema;
  private final String ecql;
  private final int limit;

  GeoScan(SourceOptions options, StructType readSchema, String ecql, int limit) {
    this.options = options;
    this.readSchema = readSchema;
    this.ecql = ecql;
    this.limit = limit;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "GeoStream[" + options.typeName() + ", ECQL: " + (ecql == null ? "INCLUDE" : ecql) + ", properties: "
        + String.join(",", properties()) + (limit >= 0 ? ", limit: " + limit : "") + "]";
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  /** The changes of the type as micro-batches ({@link GeoMicroBatchStream}); the limit does not apply. */
  @Override
  public org.apache.spark.sql.connector.read.streaming.MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    return new GeoMicroBatchStream(options, readSchema, ecql, properties());
  }

  private List<String> properties() {
    List<String> out = new ArrayList<>();
    for (StructField f : readSchema.fields()) {
      if (!f.name().equals(FeatureSchemas.FID_FIELD)) {
        out.add(f.name());
      }
    }
    return out;
  }

  Query query() {
    Filter filter = ecql == null ? Filter.INCLUDE : QuerySpec.parseEcql(ecql);
    Query q = new Query(options.typeName(), filter, properties().toArray(new String[0]));
    if (limit >= 0) {
      q.setMaxFeatures(limit);
    }
    return q;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    int parallelism = SparkSession.active().sparkContext().defaultParallelism();
    List<GeoToolsProvider.ReadPart> parts = GeoToolsProvider.plan(options.storeParams(), query(), parallelism);
    InputPartition[] out = new InputPartition[parts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Part(parts.get(i));
    }
    return out;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new Readers(options.storeParams(), readSchema);
  }

  /** One partition: a part of the GeoTools query. */
  record Part(GeoToolsProvider.ReadPart part) implements InputPartition {}

  /** Creates readers on the executors. */
  record Readers(Map<String, String> params, StructType schema) implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      Iterator<SimpleFeature> features = GeoToolsProvider.read(params, ((Part) partition).part());
      return new PartitionReader<>() {
        private FeatureRowConverter converter;
        private InternalRow current;

        @Override
        public boolean next() {
          if (!features.hasNext()) {
            return false;
          }
          SimpleFeature f = features.next();
          if (converter == null) {
            converter = FeatureRowConverter.of(f.getFeatureType(), schema);
          }
          current = converter.toInternalRow(f);
          return true;
        }

        @Override
        public InternalRow get() {
          return current;
        }

        @Override
        public void close() throws IOException {
          // The store's reader closes with the task (GeoToolsProvider.read registers it).
        }
      };
    }
  }
}
