package org.geostream.sql.geoparquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.geostream.GeometryUDT;
import org.apache.spark.sql.geostream.sql.GeoParquetFileFormat;
import org.apache.spark.sql.geostream.sql.GeoParquetWriteSupport;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.sources.RelationProvider;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.geostream.core.schema.FeatureSchemas;
import org.geostream.types.Errors;
import org.locationtech.jts.geom.Geometry;

/**
 * {@code format("geoparquet")}: GeoParquet 1.0 / 1.1 files read and written through Spark's own
 * Parquet source.
 *
 * <p>Reading ({@code spark.read.format("geoparquet").load(path)}): the files' {@code geo} metadata
 * (of the first file) names the geometry columns; they become GeoStream geometry columns with the
 * SRID of their CRS ({@link GeoParquetMetadata}). See {@link GeoParquetRelation} for pruning.
 *
 * <p>Writing ({@code df.write.format("geoparquet").save(path)}, any {@code SaveMode}, {@code
 * partitionBy}): every geometry column is written as ISO WKB; the primary column (option {@code
 * primary_column}, else the first geometry column) gets a covering column {@code bbox} (a struct of
 * {@code xmin, ymin, xmax, ymax} doubles, named {@code <column>_bbox} when {@code bbox} is another
 * column; an existing covering struct is recomputed) unless option {@code geoparquet.version} is
 * {@code 1.0.0}; each file's footer gets the {@code geo} metadata: version, primary column, and per
 * column the encoding, the geometry types and bounds of the file, and the CRS of the column's SRID.
 * A column's SRID is its {@code geostream.srid} metadata, else option {@code srid}, else the SRID of
 * its first non-null value; a value with another non-zero SRID fails the write, naming it. Stateless.
 */
public final class GeoParquetSource implements DataSourceRegister, RelationProvider, CreatableRelationProvider {
  /** Write option: the primary geometry column. */
  public static final String PRIMARY_COLUMN = "primary_column";
  /** Write option: {@code 1.1.0} (default, with the covering column) or {@code 1.0.0}. */
  public static final String VERSION = "geoparquet.version";
  /** Write option: the SRID of geometry columns without one in their metadata. */
  public static final String SRID = "srid";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String shortName() {
    return "geoparquet";
  }

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, scala.collection.immutable.Map<String, String> parameters) {
    Map<String, String> options = new HashMap<>(scala.collection.JavaConverters.mapAsJavaMap(parameters));
    List<String> paths = paths(options, "read");
    Map<String, String> parquet = parquetOptions(options);
    if (paths.size() == 1 && !parquet.containsKey("basePath") && isDirectory(sqlContext, paths.get(0))) {
      // Queries read chosen files of the directory: partition columns still come from its layout.
      parquet.put("basePath", paths.get(0));
    }
    Dataset<Row> raw = sqlContext.sparkSession().read().options(parquet).parquet(paths.toArray(new String[0]));
    List<String> files = Arrays.asList(raw.inputFiles());
    if (files.isEmpty()) {
      throw Errors.cannot("read format(\"geoparquet\")", "no Parquet files found", paths);
    }
    String first = files.stream().sorted().findFirst().get();
    String json;
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(first),
        sqlContext.sparkSession().sessionState().newHadoopConf()))) {
      json = r.getFooter().getFileMetaData().getKeyValueMetaData().get(GeoParquetMetadata.KEY);
    } catch (IOException e) {
      throw Errors.cannot("read GeoParquet file " + first, String.valueOf(e.getMessage()), null, e);
    }
    if (json == null) {
      throw Errors.cannot("read format(\"geoparquet\")", "the file has no 'geo' metadata, so it is not GeoParquet "
          + "(read it with format(\"parquet\"))", first);
    }
    return new GeoParquetRelation(sqlContext, parquet, files, raw.schema(), GeoParquetMetadata.parse(json, first));
  }

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, SaveMode mode,
      scala.collection.immutable.Map<String, String> parameters, Dataset<Row> data) {
    Map<String, String> options = new HashMap<>(scala.collection.JavaConverters.mapAsJavaMap(parameters));
    List<String> paths = paths(options, "write");
    if (paths.size() != 1) {
      throw Errors.cannot("write format(\"geoparquet\")", "give exactly one path", paths);
    }
    Map<String, Integer> srids = srids(data, options);
    String primary = primary(data.schema(), srids, options);
    Map<String, Integer> ordered = new LinkedHashMap<>();
    ordered.put(primary, srids.get(primary));
    ordered.putAll(srids);
    String version = options.getOrDefault(VERSION, "1.1.0");
    if (!version.equals("1.1.0") && !version.equals("1.0.0")) {
      throw Errors.cannot("write format(\"geoparquet\")", "option '" + VERSION + "' must be 1.1.0 or 1.0.0", version);
    }
    String covering = null;
    List<Column> columns = new ArrayList<>();
    for (StructField f : data.schema().fields()) {
      if (isCovering(f)) {
        continue;
      }
      Column c = data.col(f.name());
      columns.add(srids.containsKey(f.name()) ? wkb(c, f.name(), srids.get(f.name())).as(f.name()) : c);
    }
    if (version.equals("1.1.0")) {
      covering = data.schema().getFieldIndex("bbox").isDefined() && !isCovering(data.schema().apply("bbox"))
          ? primary + "_bbox" : "bbox";
      columns.add(box(data.col(primary)).as(covering));
    }
    ObjectNode spec = JSON.createObjectNode();
    ordered.forEach((k, v) -> spec.with("columns").put(k, v));
    if (covering != null) {
      spec.put("covering", covering);
    } else {
      spec.putNull("covering");
    }
    Map<String, String> writeOptions = new HashMap<>(parquetOptions(options));
    writeOptions.put(GeoParquetWriteSupport.CONF, spec.toString());
    DataFrameWriter<Row> w = data.select(columns.toArray(new Column[0])).write()
        .format(GeoParquetFileFormat.class.getName()).mode(mode).options(writeOptions);
    String partitions = options.get("__partition_columns");
    if (partitions != null) {
      try {
        List<String> names = new ArrayList<>();
        JSON.readTree(partitions).forEach(n -> names.add(n.asText()));
        if (!names.isEmpty()) {
          w = w.partitionBy(names.toArray(new String[0]));
        }
      } catch (IOException e) {
        throw Errors.cannot("write format(\"geoparquet\")", "unreadable partition columns", partitions, e);
      }
    }
    w.save(paths.get(0));
    return createRelation(sqlContext, parameters);
  }

  private static boolean isDirectory(SQLContext sqlContext, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(sqlContext.sparkSession().sessionState().newHadoopConf()).getFileStatus(p).isDirectory();
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** ISO WKB of a geometry column, failing on a value whose SRID is neither 0 nor the column's. */
  private static Column wkb(Column g, String name, int srid) {
    Column valueSrid = new Column(Fn.call("st_srid", g.expr()));
    Column bad = valueSrid.notEqual(0).and(valueSrid.notEqual(srid));
    Column error = functions.raise_error(functions.concat(functions.lit("Cannot write format(\"geoparquet\"): "
        + "column '" + name + "' has SRID " + srid + " but holds a geometry with SRID "),
        valueSrid.cast("string"), functions.lit(": "), new Column(Fn.call("st_asText", g.expr())).substr(1, 120)));
    return functions.when(bad, error).otherwise(new Column(Fn.call("st_asBinary", g.expr())));
  }

  /** The covering box of a geometry column: null for null and empty geometries. */
  private static Column box(Column g) {
    Column empty = g.isNull().or(new Column(Fn.call("st_isEmpty", g.expr())));
    return functions.when(empty, functions.lit(null).cast("struct<xmin:double,ymin:double,xmax:double,ymax:double>"))
        .otherwise(functions.struct(
            new Column(Fn.call("st_xMin", g.expr())).cast("double").as("xmin"),
            new Column(Fn.call("st_yMin", g.expr())).cast("double").as("ymin"),
            new Column(Fn.call("st_xMax", g.expr())).cast("double").as("xmax"),
            new Column(Fn.call("st_yMax", g.expr())).cast("double").as("ymax")));
  }

  private static boolean isCovering(StructField f) {
    return f.dataType() instanceof StructType s && s.fieldNames().length == 4
        && Arrays.asList(s.fieldNames()).equals(List.of("xmin", "ymin", "xmax", "ymax"))
        && (f.name().equals("bbox") || f.name().endsWith("_bbox"));
  }

  /** The SRID of each geometry column, in schema order (see the class comment). */
  private static Map<String, Integer> srids(Dataset<Row> data, Map<String, String> options) {
    Integer option = null;
    String o = options.get(SRID);
    if (o != null) {
      try {
        option = Integer.parseInt(o.trim());
      } catch (NumberFormatException e) {
        option = -1;
      }
      if (option < 0) {
        throw Errors.cannot("write format(\"geoparquet\")", "option 'srid' must be an EPSG code (or 0 for none)", o);
      }
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    for (StructField f : data.schema().fields()) {
      if (!(f.dataType() instanceof GeometryUDT)) {
        continue;
      }
      if (f.metadata().contains(FeatureSchemas.META_SRID) && f.metadata().getLong(FeatureSchemas.META_SRID) != 0) {
        out.put(f.name(), (int) f.metadata().getLong(FeatureSchemas.META_SRID));
      } else if (option != null) {
        out.put(f.name(), option);
      } else {
        List<Row> first = data.select(data.col(f.name())).where(data.col(f.name()).isNotNull()).limit(1).collectAsList();
        out.put(f.name(), first.isEmpty() ? 0 : ((Geometry) first.get(0).get(0)).getSRID());
      }
    }
    if (out.isEmpty()) {
      throw Errors.cannot("write format(\"geoparquet\")", "the DataFrame has no geometry column",
          data.schema().simpleString());
    }
    return out;
  }

  private static String primary(StructType schema, Map<String, Integer> srids, Map<String, String> options) {
    String p = options.get(PRIMARY_COLUMN);
    if (p != null) {
      if (!srids.containsKey(p)) {
        throw Errors.cannot("write format(\"geoparquet\")", "option '" + PRIMARY_COLUMN
            + "' must name a geometry column (geometry columns: " + srids.keySet() + ")", p);
      }
      return p;
    }
    for (StructField f : schema.fields()) {
      if (srids.containsKey(f.name()) && f.metadata().contains(FeatureSchemas.META_DEFAULT_GEOMETRY)
          && f.metadata().getBoolean(FeatureSchemas.META_DEFAULT_GEOMETRY)) {
        return f.name();
      }
    }
    return srids.keySet().iterator().next();
  }

  private static List<String> paths(Map<String, String> options, String what) {
    List<String> out = new ArrayList<>();
    if (options.get("path") != null) {
      out.add(options.get("path"));
    }
    if (options.get("paths") != null) {
      try {
        JsonNode n = JSON.readTree(options.get("paths"));
        n.forEach(p -> out.add(p.asText()));
      } catch (IOException e) {
        throw Errors.cannot(what + " format(\"geoparquet\")", "unreadable paths", options.get("paths"), e);
      }
    }
    if (out.isEmpty()) {
      throw Errors.cannot(what + " format(\"geoparquet\")", "no path given", null);
    }
    return out;
  }

  /** The options meant for Spark's Parquet source (all but paths and GeoParquet's own). */
  private static Map<String, String> parquetOptions(Map<String, String> options) {
    Map<String, String> out = new HashMap<>();
    options.forEach((k, v) -> {
      String l = k.toLowerCase(Locale.ROOT);
      if (!l.equals("path") && !l.equals("paths") && !l.equals(PRIMARY_COLUMN) && !l.equals(VERSION) && !l.equals(SRID)
          && !l.startsWith("__")) {
        out.put(k, v);
      }
    });
    return out;
  }
}
