"""format("geoparquet"): GeoParquet files GeoPandas writes, read by Spark; files Spark writes, read by GeoPandas."""
import geopandas as gpd
import pyarrow.parquet as pq
import pyproj
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from geostream.types import GeometryUDT


@pytest.fixture(scope="module")
def places():
    """Points, a line, a polygon and a missing geometry, in EPSG:4326."""
    geoms = [Point(2.35, 48.86), Point(-74.0, 40.71), Point(139.69, 35.69), LineString([(0, 0), (10, 10)]),
             Polygon([(-10, 35), (30, 35), (30, 60), (-10, 60)]), None]
    return gpd.GeoDataFrame({"name": ["paris", "new york", "tokyo", "line", "europe", "nothing"],
                             "rank": [1, 2, 3, 4, 5, 6]}, geometry=geoms, crs="EPSG:4326")


@pytest.mark.parametrize("covering", [False, True])
def test_spark_reads_what_geopandas_wrote(spark, tmp_path, places, covering):
    path = tmp_path / "places.parquet"
    places.to_parquet(path, write_covering_bbox=covering)
    df = spark.read.format("geoparquet").load(str(path))
    assert isinstance(df.schema["geometry"].dataType, GeometryUDT)
    rows = {r["name"]: r for r in df.collect()}
    assert len(rows) == 6
    for name, geom in zip(places["name"], places.geometry):
        got = rows[name]["geometry"]
        assert (got is None) if geom is None else got.equals(geom), name
    assert {r[0] for r in df.selectExpr("st_srid(geometry)").where("geometry IS NOT NULL").collect()} == {4326}
    # A spatial filter answers as shapely does; with the covering column it reaches Parquet.
    query = df.where("st_intersects(geometry, st_makeEnvelope(0, 30, 40, 70))")
    expected = {n for n, g in zip(places["name"], places.geometry)
                if g is not None and g.intersects(shapely.box(0, 30, 40, 70))}
    assert {r["name"] for r in query.collect()} == expected == {"paris", "europe"}
    plan = query._jdf.queryExecution().executedPlan().toString()
    assert ("LessThanOrEqual(bbox.xmin,40.0)" in plan) == covering


def test_crs_becomes_the_srid(spark, tmp_path, places):
    path = tmp_path / "mercator.parquet"
    places.to_crs("EPSG:3857").to_parquet(path)
    df = spark.read.format("geoparquet").load(str(path))
    assert {r[0] for r in df.selectExpr("st_srid(geometry)").where("geometry IS NOT NULL").collect()} == {3857}
    assert df.schema["geometry"].metadata["geostream.srid"] == 3857


def test_geopandas_reads_what_spark_wrote(spark, tmp_path):
    df = spark.sql("SELECT id, CAST(id AS STRING) AS name, st_point(id, id / 2.0, 4326) AS geom, "
                   "st_setSRID(st_buffer(st_point(id * 1000.0, 0), 10), 3857) AS area FROM range(20)")
    path = tmp_path / "written"
    df.coalesce(1).write.format("geoparquet").save(str(path))
    gdf = gpd.read_parquet(path)
    assert gdf.geometry.name == "geom"
    assert len(gdf) == 20
    gdf = gdf.sort_values("id").reset_index(drop=True)
    assert all(g.equals(Point(i, i / 2.0)) for i, g in zip(gdf["id"], gdf["geom"]))
    # EPSG:4326 is written as GeoParquet's default CRS (OGC:CRS84: longitude, latitude).
    assert gdf.crs == pyproj.CRS("OGC:CRS84")
    areas = gpd.GeoSeries.from_wkb(pq.read_table(path, columns=["area"]).column("area").to_pylist())
    assert areas.geom_type.unique().tolist() == ["Polygon"]
    geo = gpd.read_parquet(path, columns=["id", "area"]).set_geometry("area")
    assert geo.crs.to_epsg() == 3857
    first = pq.ParquetFile(next(path.glob("*.parquet"))).metadata.metadata[b"geo"].decode()
    assert '"primary_column":"geom"' in first and '"covering"' in first
