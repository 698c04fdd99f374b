package org.geostream.sql.geoparquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.geostream.GeoTypes;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.PrunedFilteredScan;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.geostream.core.schema.FeatureSchemas;
import org.geostream.types.Errors;
import org.locationtech.jts.geom.Envelope;

/**
 * GeoParquet files as a relation: Spark's Parquet source reads them, and each WKB geometry column
 * becomes a GeoStream geometry column carrying the SRID of its CRS ({@code geostream.srid} in the
 * field's metadata, and in each value). The covering bbox column stays an ordinary struct column.
 *
 * <p>With the extension on (or after {@code GeoStream.register}), a planner strategy
 * ({@code org.apache.spark.sql.geostream.sql.GeoParquetScan}) plans Spark's own Parquet scan in place
 * of this relation, with the spatial predicates of
 * the query turned into file pruning (each file's {@code bbox} in its {@code geo} metadata) and into
 * filters on the covering column, which Spark pushes into Parquet to skip row groups by their
 * statistics. Without it, {@link #buildScan} reads every file. Either way Spark evaluates every
 * filter ({@code BaseRelation}'s {@code unhandledFilters}). Thread-safe; the files' bounds are
 * read from their footers once, when a query first needs them.
 */
public final class GeoParquetRelation extends BaseRelation implements PrunedFilteredScan {
  private final SQLContext sqlContext;
  private final Map<String, String> parquetOptions;
  private final List<String> files;
  private final StructType fileSchema;
  private final GeoParquetMetadata metadata;
  private final StructType schema;
  private final Map<String, Map<String, Envelope>> bounds = new ConcurrentHashMap<>();

  GeoParquetRelation(SQLContext sqlContext, Map<String, String> parquetOptions, List<String> files,
      StructType fileSchema, GeoParquetMetadata metadata) {
    this.sqlContext = sqlContext;
    this.parquetOptions = parquetOptions;
    this.files = List.copyOf(files);
    this.fileSchema = fileSchema;
    this.metadata = metadata;
    StructField[] fields = fileSchema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      GeoParquetMetadata.Column c = metadata.columns().get(fields[i].name());
      if (c == null) {
        continue;
      }
      if (!(fields[i].dataType() instanceof BinaryType)) {
        throw Errors.cannot("read format(\"geoparquet\")", "geometry column '" + c.name()
            + "' is not binary (WKB) but " + fields[i].dataType().simpleString(), files.get(0));
      }
      MetadataBuilder m = new MetadataBuilder().withMetadata(fields[i].metadata())
          .putLong(FeatureSchemas.META_SRID, c.srid());
      if (c.name().equals(metadata.primaryColumn())) {
        m.putBoolean(FeatureSchemas.META_DEFAULT_GEOMETRY, true);
      }
      fields[i] = new StructField(fields[i].name(), GeoTypes.GEOMETRY, true, m.build());
    }
    this.schema = new StructType(fields);
  }

  @Override
  public SQLContext sqlContext() {
    return sqlContext;
  }

  @Override
  public StructType schema() {
    return schema;
  }

  /** The files, as Spark lists them. */
  public List<String> files() {
    return files;
  }

  /** The {@code geo} metadata of the first file. */
  public GeoParquetMetadata metadata() {
    return metadata;
  }

  /** The files as plain Parquet, with the schema of the first file (no inference). */
  public Dataset<Row> read(List<String> paths) {
    return sqlContext.sparkSession().read().schema(fileSchema).options(parquetOptions)
        .parquet(paths.toArray(new String[0]));
  }

  /** The geometry of a WKB column: the value read as WKB (ISO or extended), labelled with the column's SRID. */
  public Expression decode(String column, Expression wkb) {
    Expression g = Fn.call("st_geomFromWKB", wkb);
    int srid = metadata.columns().get(column).srid();
    return srid == 0 ? g : Fn.call("st_setSRID", g, Literal.create(srid, DataTypes.IntegerType));
  }

  /**
   * The bounds of {@code column} in {@code file} from the file's {@code geo} metadata, or null when
   * the file does not give them (then the file may hold anything).
   */
  public Envelope bounds(String file, String column) {
    return bounds.computeIfAbsent(file, this::readBounds).get(column);
  }

  private Map<String, Envelope> readBounds(String file) {
    Configuration conf = sqlContext.sparkSession().sessionState().newHadoopConf();
    String json;
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
      json = r.getFooter().getFileMetaData().getKeyValueMetaData().get(GeoParquetMetadata.KEY);
    } catch (IOException e) {
      throw Errors.cannot("read GeoParquet file " + file, String.valueOf(e.getMessage()), null, e);
    }
    Map<String, Envelope> out = new java.util.HashMap<>();
    if (json != null) {
      GeoParquetMetadata.parse(json, file).columns().forEach((k, v) -> {
        if (v.envelope() != null) {
          out.put(k, v.envelope());
        }
      });
    }
    return out;
  }

  /** Reads every file (what runs when the planner strategy is not installed). */
  @Override
  public RDD<Row> buildScan(String[] requiredColumns, Filter[] filters) {
    Dataset<Row> raw = read(files);
    List<Column> columns = new ArrayList<>();
    for (String c : requiredColumns) {
      columns.add(metadata.columns().containsKey(c)
          ? new Column(decode(c, raw.col(c).expr())).as(c) : raw.col(c));
    }
    return raw.select(columns.toArray(new Column[0])).rdd();
  }

  @Override
  public String toString() {
    return "GeoParquet[" + files.size() + " files]";
  }
}
