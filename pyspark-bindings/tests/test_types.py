"""Geometry columns cross between the JVM and Python as shapely geometries, in both directions."""
import datetime

import pytest
import shapely
from pyspark.sql import functions as F
from pyspark.sql.types import IntegerType, StringType, StructField, StructType

from geostream import types
from geostream.types import (
    GEOMETRY_TYPES,
    GeometryCollectionUDT,
    GeometryUDT,
    LineStringUDT,
    MultiLineStringUDT,
    MultiPointUDT,
    MultiPolygonUDT,
    PointUDT,
    PolygonUDT,
)

# One of each type, with and without SRID and Z, and the empty cases the encoding treats specially.
CORPUS = [
    ("POINT(1 2)", 0),
    ("POINT(1 2)", 4326),
    ("POINT Z(1 2 3)", 0),
    ("POINT Z(1 2 3)", 3857),
    ("POINT EMPTY", 0),
    ("LINESTRING(0 0,1 1,2 0)", 0),
    ("LINESTRING EMPTY", 4326),
    ("POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))", 2154),
    ("POLYGON EMPTY", 0),
    ("MULTIPOINT((0 0),(1 1))", 0),
    ("MULTILINESTRING((0 0,1 1),(2 2,3 3))", 4326),
    ("MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))", 0),
    ("GEOMETRYCOLLECTION(POINT(0 0),LINESTRING(0 0,1 1))", 4326),
    ("GEOMETRYCOLLECTION EMPTY", 0),
]


def shape(wkt, srid):
    return shapely.set_srid(shapely.from_wkt(wkt), srid)


def same(a, b):
    """Equal vertex by vertex (NaN coordinates of empty points included), SRID and dimension too."""
    return (shapely.to_wkb(a, include_srid=True, byte_order=1) == shapely.to_wkb(b, include_srid=True, byte_order=1))


@pytest.mark.parametrize("wkt,srid", CORPUS)
def test_python_encoding_is_the_jvm_encoding_byte_for_byte(spark, wkt, srid):
    jvm = spark.sql(f"SELECT st_asEWKB(st_geomFromWKT('{wkt}', {srid})) AS b").first().b
    assert types.encode(shape(wkt, srid)) == bytes(jvm)


def test_jvm_geometries_arrive_as_shapely_with_srid_and_z(spark):
    select = ", ".join(f"st_geomFromWKT('{w}', {s}) AS g{i}" for i, (w, s) in enumerate(CORPUS))
    df = spark.sql(f"SELECT {select}, CAST(NULL AS STRING) AS n, st_geomFromWKT(CAST(NULL AS STRING)) AS nullgeom")
    assert all(isinstance(f.dataType, GeometryUDT) for f in df.schema.fields if f.name.startswith("g"))
    row = df.first()
    for i, (wkt, srid) in enumerate(CORPUS):
        value = row[f"g{i}"]
        assert isinstance(value, shapely.Geometry), wkt
        assert same(value, shape(wkt, srid)), wkt
        assert shapely.get_srid(value) == srid
    assert row["nullgeom"] is None


def test_m_values_are_dropped_in_python(spark):
    # shapely 2.0 has no M: documented in docs/python.md.
    row = spark.sql("SELECT st_makePoint(1, 2, 3, 4) AS zm, st_makePointM(1, 2, 7) AS m").first()
    assert row.zm.equals(shapely.Point(1, 2, 3)) and shapely.has_z(row.zm)
    assert row.m.equals(shapely.Point(1, 2)) and not shapely.has_z(row.m)


def test_create_data_frame_infers_geometry_columns_from_shapely(spark):
    rows = [(i, shape(w, s)) for i, (w, s) in enumerate(CORPUS)] + [(99, None)]
    df = spark.createDataFrame(rows, ["id", "geom"])
    assert isinstance(df.schema["geom"].dataType, GeometryUDT)
    jvm = {r.id: (r.ewkt, r.srid) for r in df.selectExpr("id", "st_asEWKT(geom) AS ewkt", "st_srid(geom) AS srid").collect()}
    for i, (wkt, srid) in enumerate(CORPUS):
        expected = spark.sql(f"SELECT st_asEWKT(st_geomFromWKT('{wkt}', {srid})) AS e").first().e
        assert jvm[i] == (expected, srid), wkt
    assert jvm[99] == (None, None)
    back = {r.id: r.geom for r in df.collect()}
    for i, (wkt, srid) in enumerate(CORPUS):
        assert same(back[i], shape(wkt, srid)), wkt


@pytest.mark.parametrize("udt,value", [
    (PointUDT(), shapely.Point(1, 2)),
    (LineStringUDT(), shapely.LineString([(0, 0), (1, 1)])),
    (PolygonUDT(), shapely.box(0, 0, 1, 1)),
    (MultiPointUDT(), shapely.MultiPoint([(0, 0), (1, 1)])),
    (MultiLineStringUDT(), shapely.MultiLineString([[(0, 0), (1, 1)]])),
    (MultiPolygonUDT(), shapely.MultiPolygon([shapely.box(0, 0, 1, 1)])),
    (GeometryCollectionUDT(), shapely.GeometryCollection([shapely.Point(0, 0)])),
    (GeometryUDT(), shapely.Point(5, 5)),
])
def test_explicit_schemas_of_every_geometry_type(spark, udt, value):
    schema = StructType([StructField("id", IntegerType()), StructField("geom", udt)])
    df = spark.createDataFrame([(1, value), (2, None)], schema)
    jvm_type = df._jdf.schema().apply("geom").dataType()
    assert jvm_type.getClass().getName() == udt.scalaUDT()
    assert jvm_type.typeName() == udt.type_name
    rows = df.orderBy("id").collect()
    assert rows[0].geom.equals(value) and rows[1].geom is None
    assert df.selectExpr("st_asText(geom) AS t").first().t == spark.sql(
        f"SELECT st_asText(st_geomFromWKT('{value.wkt}')) AS t").first().t


def test_a_narrow_column_rejects_other_geometries_by_name(spark):
    schema = StructType([StructField("geom", PointUDT())])
    with pytest.raises(TypeError, match=r"Cannot store a value in a point column: expected a shapely Point, got Polygon"):
        spark.createDataFrame([(shapely.box(0, 0, 1, 1),)], schema).collect()


def test_non_geometries_in_a_geometry_column_are_refused(spark):
    schema = StructType([StructField("geom", GeometryUDT())])
    with pytest.raises(Exception, match="NOT_INSTANCE_OF|Cannot store"):
        spark.createDataFrame([("POINT(1 2)",)], schema)


def test_every_jvm_geometry_type_names_its_python_class_and_back(spark):
    """The JVM UDTs' pyUDT() and the Python UDTs' scalaUDT() name each other, for every type."""
    jvm_types = spark._jvm.org.apache.spark.sql.geostream.GeoTypes
    constants = ["GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
                 "GEOMETRYCOLLECTION"]
    seen = set()
    for constant in constants:
        jvm_udt = getattr(jvm_types, constant)
        py_class_name = jvm_udt.pyUDT()
        assert py_class_name, (
            f"{jvm_udt.getClass().getName()} declares no pyUDT(): Python would see its columns as plain binary; "
            "it must return 'geostream.types.<SimpleName>'")
        module, _, name = py_class_name.rpartition(".")
        assert module == "geostream.types", py_class_name
        py_class = getattr(types, name, None)
        assert py_class is not None, f"the JVM names {py_class_name}, which geostream.types lacks"
        assert py_class.scalaUDT() == jvm_udt.getClass().getName()
        assert py_class.type_name == jvm_udt.typeName()
        seen.add(py_class)
    assert seen == set(GEOMETRY_TYPES)


def test_to_pandas_gives_shapely_with_and_without_arrow(spark):
    df = spark.sql("SELECT id, st_point(id, id * 2) AS geom FROM range(3) UNION ALL SELECT 3, null")
    try:
        for arrow in ("false", "true"):
            spark.conf.set("spark.sql.execution.arrow.pyspark.enabled", arrow)
            pdf = df.toPandas().sort_values("id")
            values = list(pdf.geom)
            assert values[:3] == [shapely.Point(i, 2 * i) for i in range(3)], arrow
            assert values[3] is None, arrow
    finally:
        spark.conf.unset("spark.sql.execution.arrow.pyspark.enabled")


def test_python_udfs_take_and_return_geometries(spark):
    @F.udf(returnType=GeometryUDT())
    def centroid_shifted(g):
        return None if g is None else shapely.affinity.translate(g.centroid, 10, 0)

    @F.udf(returnType=StringType())
    def kind(g):
        return None if g is None else g.geom_type

    df = spark.createDataFrame([(shapely.box(0, 0, 2, 2),), (None,)], ["geom"])
    rows = df.select(centroid_shifted("geom").alias("c"), kind("geom").alias("k")).collect()
    assert rows[0].c.equals(shapely.Point(11, 1)) and rows[0].k == "Polygon"
    assert rows[1].c is None and rows[1].k is None
    # The UDF's geometry goes on into JVM functions.
    assert df.select(F.expr("1").alias("x"), centroid_shifted("geom").alias("c")).selectExpr(
        "st_x(c) AS x").first().x == 11.0


def test_geometry_columns_survive_parquet_and_cache(spark, tmp_path):
    df = spark.createDataFrame([(1, shapely.set_srid(shapely.Point(1, 2), 4326), datetime.date(2026, 1, 1))],
                               ["id", "geom", "day"])
    df.write.parquet(str(tmp_path / "p"))
    back = spark.read.parquet(str(tmp_path / "p")).cache()
    assert isinstance(back.schema["geom"].dataType, GeometryUDT)
    row = back.first()
    assert row.geom.equals(shapely.Point(1, 2)) and shapely.get_srid(row.geom) == 4326
    back.unpersist()


def test_geometry_type_equality_lets_shapely_values_into_narrow_columns():
    assert GeometryUDT() == PointUDT() and PointUDT() == GeometryUDT()
    assert PointUDT() != PolygonUDT() and PointUDT() == PointUDT()
    assert len({hash(t()) for t in GEOMETRY_TYPES}) == 1
    assert GeometryUDT().simpleString() == "geometry" and PointUDT().simpleString() == "point"
