"""Feature stores from Python: format("geostream") through read_store / write_store."""
import datetime

import pytest
import shapely
from pyspark.sql import functions as F

import geostream
from geostream import GeoStreamError
from geostream import functions as gs
from geostream.types import GeometryUDT


@pytest.fixture(scope="module")
def vehicles(spark):
    """500 points with an id, a kind and a time, over two hours."""
    return spark.sql(
        "SELECT CAST(id AS STRING) AS __fid__, IF(id % 3 = 0, 'bus', 'tram') AS kind, "
        "timestamp_seconds(1767225600 + id * 14) AS dtg, "
        "st_point(id * 7 % 360 - 180, id * 13 % 180 - 90, 4326) AS geom FROM range(500)")


def test_write_then_read_back_every_feature(spark, store, vehicles):
    geostream.write_store(vehicles, store, "vehicles")
    df = geostream.read_store(spark, store, "vehicles")
    assert set(df.columns) >= {"__fid__", "kind", "dtg", "geom"}
    assert isinstance(df.schema["geom"].dataType, GeometryUDT)
    got = {r["__fid__"]: r for r in df.collect()}
    assert len(got) == 500
    for r in vehicles.collect():
        back = got[r["__fid__"]]
        assert (back.kind, back.dtg) == (r.kind, r.dtg)
        assert back.geom.equals(r.geom)


def test_filters_give_what_spark_alone_gives(spark, store, vehicles):
    geostream.write_store(vehicles, store, "vehicles")
    area = shapely.box(-10, 35, 30, 60)
    hours = (datetime.datetime(2026, 1, 1, 0, 30), datetime.datetime(2026, 1, 1, 1, 30))
    stored = geostream.read_store(spark, store, "vehicles")

    def query(df):
        return {r["__fid__"] for r in df.where(gs.st_intersects("geom", area) & (F.col("kind") == "tram")
                                            & F.col("dtg").between(*hours)).select("__fid__").collect()}

    expected = query(vehicles)
    assert expected and query(stored) == expected
    # The shapely literal is a constant: the spatial filter reaches the store as ECQL.
    plan = stored.where(gs.st_intersects("geom", area))._jdf.queryExecution().executedPlan().toString()
    assert "ECQL: BBOX(geom, -10.0, 35.0, 30.0, 60.0)" in plan, plan


def test_save_modes(spark, store, vehicles):
    geostream.write_store(vehicles.limit(10), store, "vehicles", "append")
    geostream.write_store(vehicles.limit(10).withColumn("__fid__", F.concat(F.lit("x"), "__fid__")), store, "vehicles")
    assert geostream.read_store(spark, store, "vehicles").count() == 20
    geostream.write_store(vehicles.limit(3), store, "vehicles", "overwrite")
    assert geostream.read_store(spark, store, "vehicles").count() == 3
    geostream.write_store(vehicles, store, "vehicles", "ignore")
    assert geostream.read_store(spark, store, "vehicles").count() == 3
    with pytest.raises(Exception, match="(?i)exists"):
        geostream.write_store(vehicles, store, "vehicles", "error")


def test_parameters_accept_numbers_booleans_and_paths(spark, tmp_path, vehicles):
    params = {"fs.path": tmp_path / "typed", "fs.row-group-rows": 100, "fs.partition-scheme": "none"}
    geostream.write_store(vehicles, params, "vehicles")
    assert geostream.read_store(spark, params, "vehicles").count() == 500


def test_jvm_errors_arrive_with_the_jvm_message(spark, store, vehicles):
    with pytest.raises(GeoStreamError, match=r"Cannot open fs store: parameter 'fs.compression' must be snappy, zstd, gzip or uncompressed: 'lz5'") as error:
        geostream.write_store(vehicles, dict(store, **{"fs.compression": "lz5"}), "vehicles")
    assert "Py4J" not in str(error.value) and "\tat " not in str(error.value)
    assert "GeoStreamException" in error.value.jvm_stacktrace
    geostream.write_store(vehicles.limit(1), store, "vehicles")
    with pytest.raises(GeoStreamError, match=r"Cannot .*nosuchtype"):
        geostream.read_store(spark, store, "nosuchtype").collect()


def test_python_side_checks(spark, store, vehicles):
    with pytest.raises(GeoStreamError, match="mode must be one of append, overwrite, ignore, error, errorifexists: 'upsert'"):
        geostream.write_store(vehicles, store, "vehicles", "upsert")
    with pytest.raises(GeoStreamError, match="its name must be a non-empty string: ''"):
        geostream.read_store(spark, store, "")
    with pytest.raises(GeoStreamError, match="parameter 'fs.path' must be a string, number, boolean or path: None"):
        geostream.read_store(spark, {"fs.path": None}, "vehicles")
    with pytest.raises(GeoStreamError, match="parameters must be a mapping"):
        geostream.read_store(spark, "fs.path=/tmp", "vehicles")
    with pytest.raises(GeoStreamError, match="'feature' is not a store parameter"):
        geostream.read_store(spark, dict(store, feature="x"), "vehicles")
