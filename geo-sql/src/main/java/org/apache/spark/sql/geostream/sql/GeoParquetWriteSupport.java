package org.apache.spark.sql.geostream.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.geostream.sql.geoparquet.GeoParquetMetadata;

/**
 * Spark's own Parquet row writer, plus the GeoParquet {@code geo} file metadata: it watches the WKB
 * values of the geometry columns as rows pass, and at the end of each file writes their geometry
 * types and bounds with the columns' CRS and covering into the footer. Everything else (the schema,
 * the encodings, statistics, Spark's own metadata) is Spark's. One per output file; not thread-safe.
 */
public final class GeoParquetWriteSupport extends ParquetWriteSupport {
  /** Configuration key: {@code {"columns": {name: srid, ...}, "covering": name-or-null}}. */
  public static final String CONF = "geostream.geoparquet.columns";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Integer> srids = new LinkedHashMap<>();
  private final Map<String, GeoParquetMetadata.Gathered> gathered = new LinkedHashMap<>();
  private int[] ordinals = new int[0];
  private GeoParquetMetadata.Gathered[] byOrdinal = new GeoParquetMetadata.Gathered[0];
  private String covering;

  @Override
  public WriteSupport.WriteContext init(Configuration conf) {
    WriteSupport.WriteContext context = super.init(conf);
    StructType schema = (StructType) DataType.fromJson(conf.get(ParquetWriteSupport.SPARK_ROW_SCHEMA()));
    try {
      JsonNode spec = JSON.readTree(conf.get(CONF));
      covering = spec.path("covering").isTextual() ? spec.get("covering").asText() : null;
      ordinals = new int[spec.path("columns").size()];
      byOrdinal = new GeoParquetMetadata.Gathered[ordinals.length];
      int i = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("columns").fields(); it.hasNext(); i++) {
        Map.Entry<String, JsonNode> c = it.next();
        srids.put(c.getKey(), c.getValue().asInt());
        ordinals[i] = schema.fieldIndex(c.getKey());
        byOrdinal[i] = new GeoParquetMetadata.Gathered();
        gathered.put(c.getKey(), byOrdinal[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return context;
  }

  @Override
  public void write(InternalRow row) {
    for (int i = 0; i < ordinals.length; i++) {
      if (!row.isNullAt(ordinals[i])) {
        byOrdinal[i].add(row.getBinary(ordinals[i]));
      }
    }
    super.write(row);
  }

  @Override
  public WriteSupport.FinalizedWriteContext finalizeWrite() {
    return new WriteSupport.FinalizedWriteContext(
        Map.of(GeoParquetMetadata.KEY, GeoParquetMetadata.toJson(srids, gathered, covering)));
  }
}
