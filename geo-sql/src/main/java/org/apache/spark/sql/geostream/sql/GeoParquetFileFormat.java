package org.apache.spark.sql.geostream.sql;

import org.apache.hadoop.mapreduce.Job;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's Parquet file format with {@link GeoParquetWriteSupport} as the row writer, so that every
 * file gets the GeoParquet {@code geo} metadata. Only the writing half of {@code format("geoparquet")}
 * uses it, named by class (it registers no short name); the rows it gets already hold WKB and the
 * covering column ({@code org.geostream.sql.geoparquet.GeoParquetSource}). Stateless.
 */
public final class GeoParquetFileFormat extends ParquetFileFormat {

  @Override
  public OutputWriterFactory prepareWrite(SparkSession sparkSession, Job job,
      scala.collection.immutable.Map<String, String> options, StructType dataSchema) {
    OutputWriterFactory factory = super.prepareWrite(sparkSession, job, options, dataSchema);
    job.getConfiguration().setClass(ParquetOutputFormat.WRITE_SUPPORT_CLASS, GeoParquetWriteSupport.class,
        WriteSupport.class);
    job.getConfiguration().set(GeoParquetWriteSupport.CONF, options.apply(GeoParquetWriteSupport.CONF));
    return factory;
  }

  @Override
  public String toString() {
    return "GeoParquet";
  }
}
