"""Whole DataFrames to and from GeoPandas."""
import datetime
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geostream
from geostream import GeoStreamError
from geostream.types import GeometryUDT


@pytest.fixture(scope="module")
def points(spark):
    """1,000 rows over 3 partitions: points with SRID 4326 (every 97th null), a polygon column
    without SRID, and the common attribute types."""
    return spark.sql(
        "SELECT id, CAST(id AS STRING) AS name, id * 0.5 AS value, id % 2 = 0 AS even, "
        "timestamp_seconds(1767225600 + id) AS ts, date_add(DATE'2026-01-01', CAST(id AS INT)) AS day, "
        "array(id, id + 1) AS pair, "
        "CASE WHEN id % 97 = 0 THEN NULL ELSE st_point(id % 360 - 180, id % 180 - 90, 4326) END AS geom, "
        "st_makeEnvelope(id, 0, id + 1, 1) AS box "
        "FROM range(0, 1000, 1, 3)")


def test_arrow_is_off_in_the_session_so_conversion_does_not_depend_on_it(spark):
    assert spark.conf.get("spark.sql.execution.arrow.pyspark.enabled") == "false"


def test_to_geopandas_gives_every_column_with_crs_from_srid(spark, points):
    gdf = geostream.to_geopandas(points)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert list(gdf.columns) == points.columns
    assert len(gdf) == 1000 and gdf.geometry.name == "geom"
    assert gdf.crs == "EPSG:4326" and gdf["box"].crs is None
    assert isinstance(gdf["box"], gpd.GeoSeries)
    # PySpark's own Arrow conversion of the same rows (shapely values through the UDT, row by row).
    spark.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
    try:
        expected = points.toPandas()
    finally:
        spark.conf.unset("spark.sql.execution.arrow.pyspark.enabled")
    pd.testing.assert_frame_equal(
        pd.DataFrame(gdf.drop(columns=["geom", "box"])), expected.drop(columns=["geom", "box"]), check_dtype=True)
    for got, want in zip(gdf["geom"], expected["geom"]):
        assert (got is None and want is None) or got.equals(want)
    assert gdf["geom"].isna().sum() == len(range(0, 1000, 97))
    assert shapely.get_srid(gdf["geom"].dropna().iloc[0]) == 4326
    assert all(b.equals(shapely.box(i, 0, i + 1, 1)) for i, b in enumerate(gdf["box"]))


def test_to_geopandas_with_another_active_geometry_and_empty_results(points):
    gdf = geostream.to_geopandas(points.select("id", "geom", "box"), geometry="box")
    assert gdf.geometry.name == "box" and gdf.crs is None
    empty = geostream.to_geopandas(points.where("id < 0"))
    assert len(empty) == 0 and list(empty.columns) == points.columns and empty.geometry.name == "geom"


def test_to_geopandas_errors_name_the_problem(spark, points):
    with pytest.raises(GeoStreamError, match=r"Cannot convert a DataFrame to GeoPandas: it has no geometry column: struct<id:bigint>"):
        geostream.to_geopandas(spark.range(1))
    with pytest.raises(GeoStreamError, match=r"'name' is not a geometry column; geometry columns: geom, box"):
        geostream.to_geopandas(points, geometry="name")


def test_mixed_srids_give_no_crs_and_a_warning(spark):
    df = spark.sql("SELECT st_point(1, 2, 4326) AS g UNION ALL SELECT st_point(3, 4, 3857)")
    with pytest.warns(UserWarning, match="mixes SRIDs 3857, 4326"):
        gdf = geostream.to_geopandas(df)
    assert gdf.crs is None and sorted(shapely.get_srid(gdf.geometry.values)) == [3857, 4326]


def test_from_geopandas_sets_srid_from_crs_and_keeps_rows_in_order(spark):
    n = 10_000
    gdf = gpd.GeoDataFrame({
        "id": np.arange(n, dtype=np.int64),
        "name": [f"n{i}" for i in range(n)],
        "value": np.linspace(0, 1, n),
        "when": pd.date_range("2026-01-01", periods=n, freq="s", tz="UTC"),
        "geometry": gpd.points_from_xy(np.arange(n) % 360 - 180, np.arange(n) % 180 - 90),
    }, crs="EPSG:4326", index=np.arange(n) * 3)
    gdf.loc[gdf.index[5], "geometry"] = None
    df = geostream.from_geopandas(spark, gdf)
    assert spark.conf.get("spark.sql.execution.arrow.localRelationThreshold", None) is None  # left as it was
    plan = df._jdf.queryExecution().logical().toString()
    assert "LocalRelation" not in plan and "LogicalRDD" in plan, plan  # batches as partitions, not rows in the plan
    assert [f.name for f in df.schema.fields] == ["id", "name", "value", "when", "geometry"]
    assert isinstance(df.schema["geometry"].dataType, GeometryUDT)
    assert df.count() == n
    srids = {r.s for r in df.selectExpr("st_srid(geometry) AS s").distinct().collect()}
    assert srids == {4326, None}
    first = df.orderBy("id").limit(7).collect()
    assert first[1].geometry.equals(shapely.Point(-179, -89)) and first[5].geometry is None
    assert first[1].when == datetime.datetime(2026, 1, 1, 0, 0, 1)
    back = geostream.to_geopandas(df)
    assert back.crs == "EPSG:4326"
    assert back["id"].tolist() == list(range(n))  # order kept
    assert back.geometry.geom_equals(gdf.geometry.reset_index(drop=True)).sum() == n - 1


def test_from_geopandas_needs_an_epsg_crs(spark):
    gdf = gpd.GeoDataFrame({"geometry": [shapely.Point(0, 0)]},
                           crs="+proj=tmerc +lat_0=0 +lon_0=12 +k=1 +x_0=500000 +y_0=0 +ellps=intl +units=m")
    with pytest.raises(GeoStreamError, match=r"the CRS of column 'geometry' has no EPSG code"):
        geostream.from_geopandas(spark, gdf)
    with pytest.raises(GeoStreamError, match="expected a GeoDataFrame, got DataFrame"):
        geostream.from_geopandas(spark, pd.DataFrame({"a": [1]}))


def test_from_geopandas_without_crs_and_with_several_geometry_columns(spark):
    gdf = gpd.GeoDataFrame({"a": [shapely.Point(1, 1), shapely.box(0, 0, 1, 1)],
                            "b": gpd.GeoSeries([shapely.Point(2, 2), None], crs="EPSG:3857")}, geometry="a")
    df = geostream.from_geopandas(spark, gdf)
    rows = df.selectExpr("st_srid(a) AS sa", "st_srid(b) AS sb", "st_asText(a) AS ta").collect()
    assert [(r.sa, r.sb, r.ta) for r in rows] == [(0, 3857, "POINT(1 1)"), (0, None, "POLYGON((1 0,1 1,0 1,0 0,1 0))")]


def test_round_trip_through_spark_functions(spark):
    gdf = gpd.GeoDataFrame({"id": [1, 2]}, geometry=[shapely.Point(0, 0), shapely.Point(3, 4)], crs="EPSG:3857")
    from geostream import functions as gs

    df = geostream.from_geopandas(spark, gdf).select("id", gs.st_buffer("geometry", 1.0).alias("area"))
    back = geostream.to_geopandas(df)
    assert back.crs == "EPSG:3857"
    assert back.geometry.area.round(4).tolist() == [3.1214, 3.1214]  # 8 segments a quadrant
    assert back.geometry.centroid.distance(gdf.geometry).max() < 1e-9
