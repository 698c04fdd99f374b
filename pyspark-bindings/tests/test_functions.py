"""geostream.functions against the JVM catalogue: generated from it, complete, resolvable, and right."""
import difflib
import inspect
import math

import pytest
import shapely
from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
)

import generate_functions
from geostream import _spark
from geostream import functions as gs
from geostream.types import GeometryUDT

RESULT_TYPES = {
    "GEOMETRY": GeometryUDT(),
    "GEOMETRY_BYTES": GeometryUDT(),
    "DOUBLE": DoubleType(),
    "INT": IntegerType(),
    "LONG": LongType(),
    "BOOLEAN": BooleanType(),
    "STRING": StringType(),
    "BINARY": BinaryType(),
    "GEOMETRY_ARRAY": ArrayType(GeometryUDT()),
    "LONG_ARRAY": ArrayType(LongType()),
    "STRING_ARRAY": ArrayType(StringType()),
    "DOUBLE_ARRAY": ArrayType(DoubleType()),
}


@pytest.fixture(scope="module")
def catalogue(spark):
    return _spark.function_catalogue(spark)


@pytest.fixture(scope="module")
def inputs(spark):
    """One row with a column of each argument type."""
    return spark.sql("SELECT st_point(1, 2) AS g, 'POINT(1 2)' AS s, X'0101000000000000000000F03F0000000000000040' AS b, "
                     "599686042433355775 AS cell")


def test_functions_module_is_generated_from_the_catalogue(catalogue):
    committed = generate_functions.TARGET.read_text(encoding="utf-8")
    generated = generate_functions.render(catalogue)
    if committed != generated:
        diff = "".join(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True),
                                            "committed functions.py", "from the catalogue", n=1))
        pytest.fail("src/geostream/functions.py is stale: regenerate with "
                    "`python pyspark-bindings/tools/generate_functions.py` after mvn package\n" + diff[:6000])


def test_every_catalogue_name_has_its_python_function(catalogue):
    sql_names = [f["name"] for f in catalogue["functions"]] + [a["name"] for a in catalogue["aggregates"]]
    assert len(sql_names) > 150
    for name in sql_names + list(catalogue["aliases"]):
        function = getattr(gs, generate_functions.python_name(name))
        target = catalogue["aliases"].get(name, name)
        assert function.sql_name == target, name
        assert function.__doc__ and f"``{target}``" in function.__doc__
    for f in catalogue["functions"]:
        variant = getattr(gs, "try_" + generate_functions.python_name(f["name"]))
        assert variant.sql_name == "try_" + f["name"]
    assert set(gs.__all__) == {n for n in dir(gs) if n.startswith(("st_", "try_st_", "geometry_type", "try_geometry"))}


def test_python_names_follow_the_documented_rule():
    name = generate_functions.python_name
    assert [name(n) for n in ("st_geomFromWKT", "st_h3CellId", "st_asGeoJSON", "st_geoHash", "st_force2D",
                              "st_force3DZ", "st_makeBox2D", "st_xMin", "st_mPointFromText", "st_dFullyWithin",
                              "st_h3Distance", "st_union_aggr", "geometryType", "st_isPolygonCCW")] == [
        "st_geom_from_wkt", "st_h3_cell_id", "st_as_geojson", "st_geohash", "st_force_2d", "st_force_3dz",
        "st_make_box_2d", "st_xmin", "st_mpoint_from_text", "st_dfully_within", "st_h3_distance", "st_union_aggr",
        "geometry_type", "st_is_polygon_ccw"]


def _argument(arg_type, position):
    return {
        "GEOMETRY": F.col("g"),
        "GEOMETRY_BYTES": F.col("g"),
        "DOUBLE": 1.5,
        "INT": 2,
        "LONG": F.col("cell"),
        "BOOLEAN": True,
        "STRING": "s" if position == 0 else "x",
        "BINARY": F.col("b"),
        "GEOMETRY_ARRAY": [F.col("g"), shapely.Point(3, 4)],
    }[arg_type]


def test_every_signature_resolves_in_spark_with_its_result_type(catalogue, inputs):
    """Each Python function, called with each signature's argument count and types, is a Column that
    Spark resolves to the catalogue's result type (analysis only: nothing is evaluated)."""
    checked = 0
    columns = []
    expected = []
    for f in catalogue["functions"]:
        function = getattr(gs, generate_functions.python_name(f["name"]))
        for s in f["signatures"]:
            args = [_argument(t, i) for i, t in enumerate(s["args"])]
            columns.append(function(*args).alias(f"c{len(columns)}"))
            expected.append((f["name"], s["args"], RESULT_TYPES[s["result"]]))
            checked += 1
    for a in catalogue["aggregates"]:
        function = getattr(gs, generate_functions.python_name(a["name"]))
        agg = inputs.agg(function("g").alias("a")).schema["a"].dataType
        assert agg == RESULT_TYPES[a["result"]], a["name"]
    schema = inputs.select(*columns).schema
    for field, (name, args, result) in zip(schema.fields, expected):
        assert _same_type(field.dataType, result), f"{name}({', '.join(args)}): {field.dataType} != {result}"
    assert checked == sum(len(f["signatures"]) for f in catalogue["functions"])


def _same_type(a, b):
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        return _same_type(a.elementType, b.elementType)  # element nullability aside
    return a == b


def test_try_variants_resolve_and_return_null_on_bad_input(spark):
    df = spark.createDataFrame([("POINT(1 2)",), ("POINT(1",)], ["wkt"])
    rows = df.select(gs.try_st_geom_from_wkt("wkt").alias("g"), gs.try_st_geom_from_text("wkt").alias("h")).collect()
    assert rows[0].g.equals(shapely.Point(1, 2)) and rows[0].h.equals(shapely.Point(1, 2))
    assert rows[1].g is None and rows[1].h is None
    assert "try_" in gs.try_st_buffer.__doc__ and gs.try_st_buffer.__name__ == "try_st_buffer"


def test_functions_compute_what_the_sql_functions_compute(spark):
    square = shapely.box(0, 0, 4, 4)
    df = spark.createDataFrame([(1, shapely.Point(1, 1), square), (2, shapely.Point(9, 9), square)], ["id", "p", "area"])
    rows = df.orderBy("id").select(
        gs.st_contains("area", "p").alias("inside"),
        gs.st_within(F.col("p"), square).alias("within"),
        gs.st_distance("p", shapely.Point(1, 4)).alias("d"),
        gs.st_dwithin("p", shapely.Point(1, 4), 3).alias("near"),
        gs.st_as_text(gs.st_buffer("p", 1, "quad_segs=1")).alias("buffer"),
        gs.st_x("p").alias("x"),
        gs.st_area(gs.st_make_envelope(0, 0, "id", 2)).alias("envelope_area"),
        gs.st_as_text(gs.st_make_line([shapely.Point(0, 0), "p"])).alias("line_of_list"),
        gs.st_as_text(gs.st_make_line(shapely.Point(0, 0), "p")).alias("line_of_two"),
        gs.st_as_text(gs.st_snap_to_grid(gs.st_point(1.26, 2.74), 0.5)).alias("snap"),
        gs.st_as_text(gs.st_snap_to_grid(gs.st_point(1.26, 2.74), 0, 0, 0.5, 1)).alias("snap5"),
        gs.st_relate("area", "p", "T*****FF*").alias("relate"),
        gs.st_relate("area", "p").alias("matrix"),
        gs.st_geohash("p", 5).alias("geohash"),
        gs.st_h3_cell_id(gs.st_point(-122.4, 37.8), 9).alias("h3"),
    ).collect()
    sql = spark.sql(
        "SELECT st_asText(st_buffer(st_point(1, 1), 1, 'quad_segs=1')) AS buffer, st_geoHash(st_point(1, 1), 5) AS geohash, "
        "st_h3CellId(st_point(-122.4, 37.8), 9) AS h3, st_relate(st_geomFromText('POLYGON((0 0,4 0,4 4,0 4,0 0))'), "
        "st_point(1, 1)) AS matrix").first()
    first, second = rows
    assert (first.inside, first.within, first.d, first.near, first.x) == (True, True, 3.0, True, 1.0)
    assert (second.inside, second.within, second.near) == (False, False, False)
    assert math.isclose(second.d, math.hypot(8, 5))
    assert first.buffer == sql.buffer and first.geohash == sql.geohash and first.h3 == sql.h3
    assert first.matrix == sql.matrix and first.relate is True
    assert (first.envelope_area, second.envelope_area) == (2.0, 4.0)
    assert first.line_of_list == "LINESTRING(0 0,1 1)" == first.line_of_two
    assert first.snap == "POINT(1.5 2.5)" and first.snap5 == "POINT(1.5 3)"


def test_transform_has_both_forms(spark):
    row = spark.range(1).select(
        gs.st_as_ewkt(gs.st_snap_to_grid(gs.st_transform(gs.st_point(1, 1, 4326), 3857), 0.01)).alias("srid_form"),
        gs.st_as_text(gs.st_snap_to_grid(gs.st_transform(gs.st_point(1, 1), "EPSG:4326", "EPSG:3857"), 0.01)).alias("crs_form"),
    ).first()
    assert row.srid_form.startswith("SRID=3857;POINT(111319.49 111325.14")
    assert row.crs_form.startswith("POINT(111319.49 111325.14")


def test_literal_geometries_keep_their_srid(spark):
    literal = shapely.set_srid(shapely.Point(2.35, 48.86), 4326)
    row = spark.range(1).select(gs.st_srid(literal).alias("srid"), gs.st_as_ewkt(literal).alias("ewkt")).first()
    assert (row.srid, row.ewkt) == (4326, "SRID=4326;POINT(2.35 48.86)")


def test_aggregates_group(spark):
    df = spark.createDataFrame([("a", shapely.box(0, 0, 1, 1)), ("a", shapely.box(1, 0, 2, 1)), ("b", shapely.Point(5, 5))],
                               ["k", "geom"])
    rows = {r.k: r for r in df.groupBy("k").agg(gs.st_union_aggr("geom").alias("u"), gs.st_extent("geom").alias("e"),
                                                  F.count("*").alias("n")).collect()}
    assert rows["a"].u.area == 2.0 and rows["a"].u.equals(shapely.box(0, 0, 2, 1))
    assert rows["b"].e.equals(shapely.Point(5, 5)) or rows["b"].e.bounds == (5.0, 5.0, 5.0, 5.0)
    assert rows["a"].e.bounds == (0.0, 0.0, 2.0, 1.0) and (rows["a"].n, rows["b"].n) == (2, 1)


def test_column_names_and_columns_are_interchangeable(spark):
    df = spark.createDataFrame([(1.0, 2.0)], ["lon", "lat"])
    a = df.select(gs.st_as_text(gs.st_point("lon", "lat")).alias("t")).first().t
    b = df.select(gs.st_as_text(gs.st_point(F.col("lon"), df.lat)).alias("t")).first().t
    assert a == b == "POINT(1 2)"


def test_bad_arguments_raise_type_errors_naming_function_and_parameter():
    with pytest.raises(TypeError, match=r"Cannot call st_buffer: parameter 'distance' takes a Column, a column name, a number, not dict"):
        gs.st_buffer("g", {"d": 1})
    with pytest.raises(TypeError, match=r"Cannot call st_buffer: parameter 'geom' is None"):
        gs.st_buffer(None, 1.0)
    with pytest.raises(TypeError, match=r"Cannot call st_snapToGrid: it takes 2, 3 or 5 arguments, not 4"):
        gs.st_snap_to_grid("g", 1, 2, 3)
    with pytest.raises(TypeError, match=r"parameter 'srid' takes a Column, a column name, an int, not bool"):
        gs.st_point(1, 2, True)
    with pytest.raises(TypeError, match=r"parameter 'srid' takes a Column, a column name, an int, not float"):
        gs.st_point(1, 2, 4326.5)
    with pytest.raises(TypeError):
        gs.st_buffer("g")  # a required parameter missing: Python's own error


def test_signatures_are_typed_and_documented():
    sig = inspect.signature(gs.st_buffer)
    assert list(sig.parameters) == ["geom", "distance", "params"]
    assert sig.parameters["params"].default is None
    assert isinstance(gs.st_buffer("g", 1.0), Column)
    assert "quad_segs" in gs.st_buffer.__doc__ and "Example (SQL)" in gs.st_buffer.__doc__
