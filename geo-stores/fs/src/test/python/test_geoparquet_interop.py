"""The fs store's files read by pyarrow, GeoPandas and DuckDB as they are, checked against what Java wrote."""
import base64
import json

import duckdb
import geopandas
import pandas
import pyarrow.parquet as pq
import pyproj
import pytest
import shapely

from conftest import live_files


def geom(hex_wkb):
    return shapely.from_wkb(bytes.fromhex(hex_wkb))


def frame(store, name):
    files = live_files(store / name)
    assert files, f"no data files for {name}"
    return files, pandas.concat([geopandas.read_parquet(f) for f in files], ignore_index=True)


def test_geo_metadata_follows_geoparquet_1_1(store):
    for name in ("vehicles", "parcels"):
        with_bbox = 0
        for f in live_files(store / name):
            meta = pq.read_metadata(f)
            geo = json.loads(meta.metadata[b"geo"])
            assert geo["version"] == "1.1.0"
            col = geo["columns"][geo["primary_column"]]
            assert col["encoding"] == "WKB"
            assert col["covering"]["bbox"]["xmin"] == ["bbox", "xmin"]
            # A file whose geometries are all null has no bbox (optional in the spec).
            if "bbox" in col:
                assert len(col["bbox"]) == 4
                with_bbox += 1
            schema = pq.read_schema(f)
            assert schema.field("bbox").type.num_fields == 4
            assert schema.field(geo["primary_column"]).type == "binary"
        assert with_bbox > 0


def test_geopandas_reads_points_and_every_attribute(store, expected):
    files, gdf = frame(store, "vehicles")
    want = expected["vehicles"]
    assert len(gdf) == len(want)
    # No crs key means OGC:CRS84 (WGS 84, longitude first), which is how GeoStream reads EPSG:4326.
    assert gdf.crs == pyproj.CRS("OGC:CRS84")
    gdf = gdf.set_index("__fid__")
    for fid, row in want.items():
        got = gdf.loc[fid]
        if row["geom"] is None:
            assert got["geom"] is None
        else:
            assert got["geom"].equals_exact(geom(row["geom"]), 0)
        assert (None if pandas.isna(got["kind"]) else got["kind"]) == row["kind"]
        assert got["speed"] == pytest.approx(row["speed"], abs=0)
        assert got["seats"] == row["seats"] and got["odometer"] == row["odometer"]
        assert bool(got["electric"]) == row["electric"]
        assert got["dtg"].value // 1_000_000 == row["dtg"]
        assert str(got["dtg"].tz) == "UTC"
        assert got["serial"] == row["serial"]
        assert bytes(got["raw"]) == base64.b64decode(row["raw"])
        assert list(got["tags"]) == row["tags"]
        assert dict(got["counts"]) == row["counts"]


def test_geopandas_reads_polygons_with_their_crs(store, expected):
    _, gdf = frame(store, "parcels")
    assert len(gdf) == len(expected["parcels"])
    assert gdf.crs == pyproj.CRS.from_epsg(2154) or gdf.crs.to_epsg() == 2154
    gdf = gdf.set_index("__fid__")
    for fid, row in expected["parcels"].items():
        assert gdf.loc[fid]["geom"].equals_exact(geom(row["geom"]), 0)
        assert gdf.loc[fid]["geom"].geom_type == "MultiPolygon"


def test_geopandas_bbox_filter_uses_the_covering_column(store, expected):
    files = live_files(store / "vehicles")
    box = (0.0, 30.0, 20.0, 50.0)
    got = pandas.concat([geopandas.read_parquet(f, bbox=box) for f in files], ignore_index=True)
    want = {fid for fid, row in expected["vehicles"].items()
            if row["geom"] and shapely.box(*box).intersects(geom(row["geom"]))}
    assert set(got["__fid__"]) == want
    assert len(want) > 10


def test_duckdb_reads_the_files_and_their_bbox_columns(store, expected):
    files = [str(f) for f in live_files(store / "vehicles")]
    con = duckdb.connect()
    n, = con.execute("SELECT count(*) FROM read_parquet(?)", [files]).fetchone()
    assert n == len(expected["vehicles"])
    rows = con.execute(
        "SELECT __fid__, geom FROM read_parquet(?) WHERE bbox.xmin >= 0 AND bbox.xmax <= 20 "
        "AND bbox.ymin >= 30 AND bbox.ymax <= 50", [files]).fetchall()
    want = {fid for fid, row in expected["vehicles"].items()
            if row["geom"] and shapely.box(0, 30, 20, 50).contains(geom(row["geom"]))}
    assert {fid for fid, _ in rows} == want
    for fid, blob in rows:
        assert shapely.from_wkb(blob).equals_exact(geom(expected["vehicles"][fid]["geom"]), 0)
    kinds = dict(con.execute("SELECT kind, count(*) FROM read_parquet(?) GROUP BY kind", [files]).fetchall())
    assert sum(kinds.values()) == n
