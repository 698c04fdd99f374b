"""Apache Sedona (PyPI apache-sedona + its Spark jar from Maven Central) reads the fs store's files as they are."""
import os
import pathlib
import urllib.request

import pytest
import shapely

from conftest import live_files

SEDONA_JAR_URL = ("https://repo1.maven.org/maven2/org/apache/sedona/sedona-spark-shaded-3.5_2.12/1.8.1/"
                  "sedona-spark-shaded-3.5_2.12-1.8.1.jar")


def sedona_jar(cache: pathlib.Path) -> pathlib.Path:
    """Sedona's shaded Spark jar, downloaded from Maven Central once into the virtualenv."""
    jar = cache / SEDONA_JAR_URL.rsplit("/", 1)[1]
    if not jar.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = jar.with_suffix(".part")
        urllib.request.urlretrieve(SEDONA_JAR_URL, tmp)
        tmp.rename(jar)
    return jar


@pytest.fixture(scope="module")
def sedona(request):
    from sedona.spark import SedonaContext

    geotools = request.config.getoption("--geotools-jar")
    jar = sedona_jar(pathlib.Path(os.environ.get("VIRTUAL_ENV", ".venv")) / "jars")
    spark = (SedonaContext.builder().master("local[2]").appName("geostream-sedona-interop")
             .config("spark.jars", f"{jar},{geotools}")
             .config("spark.ui.enabled", "false")
             .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    yield SedonaContext.create(spark)
    spark.stop()


def geom(hex_wkb):
    return shapely.from_wkb(bytes.fromhex(hex_wkb))


def test_sedona_reads_points_and_filters_them(sedona, store, expected):
    files = [str(f) for f in live_files(store / "vehicles")]
    df = sedona.read.format("geoparquet").load(files)
    assert df.count() == len(expected["vehicles"])
    rows = df.where("ST_Intersects(geom, ST_PolygonFromEnvelope(0.0, 30.0, 20.0, 50.0))") \
        .selectExpr("__fid__", "ST_AsBinary(geom) AS wkb", "speed").collect()
    want = {fid for fid, row in expected["vehicles"].items()
            if row["geom"] and shapely.box(0, 30, 20, 50).intersects(geom(row["geom"]))}
    assert {r["__fid__"] for r in rows} == want
    for r in rows:
        row = expected["vehicles"][r["__fid__"]]
        assert shapely.from_wkb(bytes(r["wkb"])).equals_exact(geom(row["geom"]), 0)
        assert r["speed"] == row["speed"]


def test_sedona_reads_polygons_and_their_crs(sedona, store, expected):
    files = [str(f) for f in live_files(store / "parcels")]
    df = sedona.read.format("geoparquet").load(files)
    rows = df.selectExpr("__fid__", "ST_AsBinary(geom) AS wkb", "ST_GeometryType(geom) AS t").collect()
    assert len(rows) == len(expected["parcels"])
    for r in rows:
        assert r["t"] == "ST_MultiPolygon"
        assert shapely.from_wkb(bytes(r["wkb"])).equals_exact(geom(expected["parcels"][r["__fid__"]]["geom"]), 0)
    meta = sedona.read.format("geoparquet.metadata").load(files[0]).selectExpr("columns").first()[0]
    crs = meta["geom"]["crs"]
    assert '"code":2154' in crs.replace(" ", "")
