package org.geostream.sql.source;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.FeatureWriter;
import org.geotools.api.data.Transaction;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.filter.Filter;
import org.geotools.data.DefaultTransaction;
import org.geostream.core.feature.Features;
import org.geostream.core.schema.FeatureRowConverter;
import org.geostream.core.schema.FeatureSchemas;
import org.geostream.core.spi.BulkWritableDataStore;
import org.geostream.core.spi.StoreParams;
import org.geostream.types.Errors;

/**
 * Writing a DataFrame into a feature type: {@code df.write.format("geostream")...mode("append" |
 * "overwrite").save()}. The type is created from the DataFrame's schema when it does not exist
 * (geometry columns keep their SRID as the type's CRS, see {@link WriteSchemas}); a
 * column the type lacks is an error naming it. Rows become features ({@code __fid__} keeps its ids)
 * on the executors, one writer per task.
 *
 * <p>A {@link BulkWritableDataStore} (the fs store) commits the whole job at once, and an
 * overwrite replaces the old content in the same commit. Any other store gets one GeoTools
 * transaction per task; its overwrite removes the old features first (not atomic).
 */
final class GeoWrite implements WriteBuilder, SupportsTruncate, Write, BatchWrite {
  private final SourceOptions options;
  private final StructType schema;
  private final Integer srid;
  private boolean truncate;

  GeoWrite(SourceOptions options, StructType schema, Integer srid) {
    this.options = options;
    this.schema = schema;
    this.srid = srid;
  }

  @Override
  public WriteBuilder truncate() {
    truncate = true;
    return this;
  }

  @Override
  public Write build() {
    return this;
  }

  @Override
  public BatchWrite toBatch() {
    return this;
  }

  /** The type, created from the DataFrame's schema when missing; checked against the columns. */
  private SimpleFeatureType prepare() {
    Map<String, String> params = options.storeParams();
    DataStore store = StoreParams.open(params);
    String name = options.typeName();
    try {
      if (!List.of(store.getTypeNames()).contains(name)) {
        store.createSchema(WriteSchemas.featureType(name, schema, srid));
      }
      SimpleFeatureType type = store.getSchema(name);
      List<String> attributes = new ArrayList<>();
      type.getAttributeDescriptors().forEach(d -> attributes.add(d.getLocalName()));
      for (StructField f : schema.fields()) {
        if (!f.name().equals(FeatureSchemas.FID_FIELD) && type.getDescriptor(f.name()) == null) {
          throw Errors.cannot("write to '" + name + "'", "column '" + f.name() + "' is not an attribute of the type"
              + " (attributes: " + attributes + ")", null);
        }
      }
      if (truncate && !(store instanceof BulkWritableDataStore b && b.canReplace())) {
        ((org.geotools.api.data.SimpleFeatureStore) store.getFeatureSource(name)).removeFeatures(Filter.INCLUDE);
      }
      return type;
    } catch (IOException e) {
      throw Errors.cannot("write to '" + name + "'", String.valueOf(e.getMessage()) + " (store "
          + StoreParams.redacted(params) + ")", null, e);
    }
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    SimpleFeatureType type = prepare();
    return new Writers(options.storeParams(), options.typeName(), FeatureRowConverter.of(type, schema));
  }

  /**
   * What a task wrote: the store's task result (null for transaction-per-task stores, committed
   * already). Java-serialized under Kryo too: Kryo 4 cannot serialize records (nor the stores' record
   * task results).
   */
  @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
  record Written(BulkWritableDataStore.TaskResult result) implements WriterCommitMessage {}

  @Override
  public void commit(WriterCommitMessage[] messages) {
    DataStore store = StoreParams.open(options.storeParams());
    if (!(store instanceof BulkWritableDataStore bulk)) {
      return;
    }
    List<BulkWritableDataStore.TaskResult> results = results(messages);
    try {
      if (truncate) {
        bulk.commitReplacing(options.typeName(), results);
      } else {
        bulk.commit(options.typeName(), results);
      }
    } catch (IOException | RuntimeException e) {
      bulk.abort(options.typeName(), results);
      throw Errors.cannot("commit write to '" + options.typeName() + "'", String.valueOf(e.getMessage()), null, e);
    }
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    if (StoreParams.open(options.storeParams()) instanceof BulkWritableDataStore bulk) {
      bulk.abort(options.typeName(), results(messages));
    }
  }

  private static List<BulkWritableDataStore.TaskResult> results(WriterCommitMessage[] messages) {
    List<BulkWritableDataStore.TaskResult> out = new ArrayList<>();
    for (WriterCommitMessage m : messages) {
      if (m instanceof Written w && w.result() != null) {
        out.add(w.result());
      }
    }
    return out;
  }

  /** Creates one writer per task on the executors. */
  record Writers(Map<String, String> params, String typeName, FeatureRowConverter converter)
      implements DataWriterFactory, Serializable {
    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
      DataStore store = StoreParams.open(params);
      try {
        return store instanceof BulkWritableDataStore bulk
            ? new BulkWriter(bulk.taskWriter(typeName, partitionId, taskId), converter, typeName)
            : new TransactionWriter(store, typeName, converter);
      } catch (IOException e) {
        throw Errors.cannot("write to '" + typeName + "'", String.valueOf(e.getMessage()), null, e);
      }
    }
  }

  private static RuntimeException failed(SimpleFeature f, String typeName, Exception e) {
    return Features.writeFailed(f, typeName, "", e);
  }

  /** A task of a two-phase write. */
  private static final class BulkWriter implements DataWriter<InternalRow> {
    private final BulkWritableDataStore.TaskWriter writer;
    private final FeatureRowConverter converter;
    private final String typeName;

    BulkWriter(BulkWritableDataStore.TaskWriter writer, FeatureRowConverter converter, String typeName) {
      this.writer = writer;
      this.converter = converter;
      this.typeName = typeName;
    }

    @Override
    public void write(InternalRow row) throws IOException {
      SimpleFeature f = converter.fromInternalRow(row);
      try {
        writer.write(f);
      } catch (IOException | RuntimeException e) {
        throw failed(f, typeName, e);
      }
    }

    @Override
    public WriterCommitMessage commit() throws IOException {
      return new Written(writer.finish());
    }

    @Override
    public void abort() {
      writer.abort();
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  /** A task writing through one GeoTools transaction. */
  private static final class TransactionWriter implements DataWriter<InternalRow> {
    private final Transaction tx = new DefaultTransaction("geostream-write");
    private final FeatureWriter<SimpleFeatureType, SimpleFeature> writer;
    private final FeatureRowConverter converter;
    private final String typeName;

    TransactionWriter(DataStore store, String typeName, FeatureRowConverter converter) throws IOException {
      this.writer = store.getFeatureWriterAppend(typeName, tx);
      this.converter = converter;
      this.typeName = typeName;
    }

    @Override
    public void write(InternalRow row) throws IOException {
      SimpleFeature f = converter.fromInternalRow(row);
      try {
        Features.copyInto(f, writer.next());
        writer.write();
      } catch (IOException | RuntimeException e) {
        throw failed(f, typeName, e);
      }
    }

    @Override
    public WriterCommitMessage commit() throws IOException {
      writer.close();
      tx.commit();
      return new Written(null);
    }

    @Override
    public void abort() throws IOException {
      tx.rollback();
    }

    @Override
    public void close() throws IOException {
      tx.close();
    }
  }
}
