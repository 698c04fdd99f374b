package org.apache.spark.sql.geostream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.geostream.types.io.Wkt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/** Geometry columns in Java DataFrames, SQL, shuffles, cache, collect and Parquet. */
class GeometryUDTTest {
  private static SparkSession spark;

  private static final String[] SAMPLES = {
    "POINT(1 2)", "LINESTRING(0 0,1 1)", "POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))",
    "MULTIPOINT((0 0),(1 1))", "MULTILINESTRING((0 0,1 1),(2 2,3 3))",
    "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))", "GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1))",
    "POINT EMPTY", "SRID=4326;POINT ZM (1 2 3 4)"
  };

  @BeforeAll
  static void start() {
    spark = TestSpark.get();
  }

  private static Dataset<Row> sampleFrame() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < SAMPLES.length; i++) {
      rows.add(RowFactory.create(i, Wkt.read(SAMPLES[i])));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("geom", GeoTypes.GEOMETRY);
    return spark.createDataFrame(rows, schema);
  }

  private static List<String> ewkt(List<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(Wkt.writeExtended((Geometry) r.get(1)));
    }
    return out;
  }

  private static List<String> expected() {
    List<String> out = new ArrayList<>();
    for (String s : SAMPLES) {
      out.add(Wkt.writeExtended(Wkt.read(s)));
    }
    return out;
  }

  @Test
  void rowsHoldingJtsObjectsCollectBackUnchanged() {
    assertThat(ewkt(sampleFrame().orderBy("id").collectAsList())).containsExactlyElementsOf(expected());
  }

  @Test
  void survivesShuffleAndCache() {
    Dataset<Row> shuffled = sampleFrame().repartition(3).cache();
    assertThat(shuffled.count()).isEqualTo(SAMPLES.length);
    assertThat(ewkt(shuffled.orderBy("id").collectAsList())).containsExactlyElementsOf(expected());
    Dataset<Row> grouped = shuffled.groupBy("geom").count();
    assertThat(grouped.count()).isEqualTo(SAMPLES.length);
    shuffled.unpersist();
  }

  @Test
  void survivesParquetRoundTrip(@TempDir Path dir) {
    String path = dir.resolve("geoms").toString();
    sampleFrame().write().parquet(path);
    Dataset<Row> back = spark.read().parquet(path);
    assertThat(back.schema().apply("geom").dataType()).isEqualTo(GeoTypes.GEOMETRY);
    assertThat(ewkt(back.orderBy("id").collectAsList())).containsExactlyElementsOf(expected());
  }

  @Test
  void sqlSeesGeometryColumnsAndFunctionsReturnThem() {
    sampleFrame().createOrReplaceTempView("samples");
    List<Row> rows = spark.sql("SELECT id, st_centroid(geom) AS c, st_geometryType(geom) AS t FROM samples WHERE id = 2").collectAsList();
    assertThat(rows.get(0).get(1)).isInstanceOf(Point.class);
    assertThat(rows.get(0).getString(2)).isEqualTo("ST_Polygon");
    assertThat(spark.sql("SELECT geom FROM samples").schema().apply("geom").dataType().typeName()).isEqualTo("geometry");
  }

  /** A bean with JTS-typed properties, for Encoders.bean. */
  public static class Place implements Serializable {
    private String name;
    private Point location;
    private Polygon area;

    public Place() {}

    Place(String name, Point location, Polygon area) {
      this.name = name;
      this.location = location;
      this.area = area;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Point getLocation() {
      return location;
    }

    public void setLocation(Point location) {
      this.location = location;
    }

    public Polygon getArea() {
      return area;
    }

    public void setArea(Polygon area) {
      this.area = area;
    }
  }

  @Test
  void beanEncodersMapJtsPropertiesToTheNarrowTypes() {
    GeoTypes.register();
    Place place = new Place("square", (Point) Wkt.read("POINT(1 1)"), (Polygon) Wkt.read("POLYGON((0 0,2 0,2 2,0 2,0 0))"));
    Dataset<Place> ds = spark.createDataset(List.of(place), Encoders.bean(Place.class));
    assertThat(ds.schema().apply("location").dataType()).isEqualTo(GeoTypes.POINT);
    assertThat(ds.schema().apply("area").dataType()).isEqualTo(GeoTypes.POLYGON);
    Dataset<Row> inside = ds.toDF().selectExpr("name", "st_contains(area, location) AS inside");
    assertThat(inside.collectAsList().get(0).getBoolean(1)).isTrue();
    Dataset<String> mapped = ds.map((MapFunction<Place, String>) p -> p.getName() + ":" + p.getArea().getArea(), Encoders.STRING());
    assertThat(mapped.collectAsList()).containsExactly("square:4.0");
    assertThat(ds.collectAsList().get(0).getLocation().getX()).isEqualTo(1.0);
  }

  @Test
  void udtJsonNamesThePythonType() throws Exception {
    assertThat(GeoTypes.POINT.json()).contains("geostream.types.PointUDT").contains(PointUDT.class.getName());
    assertThat(Files.exists(Path.of("."))).isTrue();
  }
}
